package dev.corvid.session;

import java.nio.file.Path;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC store on an H2 database file that a child process reaches through H2's automatic server. */
class H2SessionStoreTest implements SessionStoreContract, SessionRunContract, JdbcLayoutContract {

    @TempDir
    static Path scratch;

    private static SessionStore store;
    // Held open so that H2 keeps the database open between the store's connections, rather than reopen the file each time.
    private static Connection keeper;

    @BeforeAll
    static void open() throws Exception {
        keeper = TestStores.dataSource(url()).getConnection();
        store = TestStores.open(url());
    }

    @AfterAll
    static void close() throws Exception {
        if (keeper != null) {
            keeper.close();
        }
    }

    private static String url() {
        return "jdbc:h2:file:" + scratch.resolve("sessions") + ";AUTO_SERVER=TRUE";
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
    public DataSource emptyDatabase() {
        // Kept while a connection is open or the JVM lives, whichever the store's connections need.
        return TestStores.dataSource("jdbc:h2:mem:layout-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }
}
