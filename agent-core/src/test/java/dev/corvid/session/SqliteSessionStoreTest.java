package dev.corvid.session;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC store on a real SQLite database file, shared with a child process in the kill test. */
class SqliteSessionStoreTest implements SessionStoreContract, SessionRunContract, JdbcLayoutContract {

    @TempDir
    static Path scratch;

    private static SessionStore store;

    @BeforeAll
    static void open() {
        store = TestStores.open(url());
    }

    private static String url() {
        return "jdbc:sqlite:" + scratch.resolve("sessions.db");
    }

    @Override
    public SessionStore store() {
        return store;
    }

    @Override
    public String childStore() {
        return url();
    }

    @Override
    public Path scratch() {
        return scratch;
    }

    @Override
    public DataSource emptyDatabase() throws Exception {
        return TestStores.dataSource("jdbc:sqlite:" + Files.createTempFile(scratch, "layout", ".db"));
    }
}
