package dev.corvid.session;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Opens a store from a one-line description, so that a child JVM can reach the store of a test. */
final class TestStores {

    private TestStores() {
    }

    /** Opens {@code file:<directory>} or a {@code jdbc:} URL of PostgreSQL, SQLite or H2. */
    static SessionStore open(String spec) {
        if (spec.startsWith("file:")) {
            return new FileSessionStore(Path.of(spec.substring("file:".length())));
        }
        return new JdbcSessionStore(dataSource(spec));
    }

    static DataSource dataSource(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource postgres = new PGSimpleDataSource();
            postgres.setURL(url);
            postgres.setUser("postgres");
            return postgres;
        }
        if (url.startsWith("jdbc:sqlite:")) {
            SQLiteConfig config = new SQLiteConfig();
            // Writers of one file queue for its lock instead of failing at once.
            config.setBusyTimeout(20_000);
            SQLiteDataSource sqlite = new SQLiteDataSource(config);
            sqlite.setUrl(url);
            return sqlite;
        }
        if (url.startsWith("jdbc:h2:")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            h2.setUser("sa");
            return h2;
        }
        throw new IllegalArgumentException("no test store for " + url);
    }
}
