package dev.corvid.session;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC store on a real SQLite database file, shared with a child process in the kill test. */
class SqliteSessionStoreTest implements SessionStoreContract, SessionRunContract {

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
}
