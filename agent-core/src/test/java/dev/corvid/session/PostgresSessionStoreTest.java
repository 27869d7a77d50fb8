package dev.corvid.session;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC store on a real PostgreSQL server, started once for the class from the binaries Maven brings. */
class PostgresSessionStoreTest implements SessionStoreContract, SessionRunContract, JdbcLayoutContract {

    private static EmbeddedPostgres postgres;
    private static SessionStore store;

    @TempDir
    static Path scratch;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        store = new JdbcSessionStore(postgres.getPostgresDatabase());
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    public SessionStore store() {
        return store;
    }

    @Override
    public String childStore() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    @Override
    public Path scratch() {
        return scratch;
    }

    @Override
    public DataSource emptyDatabase() throws Exception {
        String name = "layout_" + java.util.UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return postgres.getDatabase("postgres", name);
    }
}
