package dev.corvid.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.corvid.model.Message;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** What the JDBC store does with tables an earlier release of it made, on each database it runs on. */
interface JdbcLayoutContract {

    /** Returns a database of its own for one test, with no tables in it. */
    DataSource emptyDatabase() throws Exception;

    @Test
    default void aSessionTableMadeBeforeCompactionsGetsTheColumnAndKeepsItsSessions() throws Exception {
        DataSource database = emptyDatabase();
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            // The layout before compactions were kept.
            statement.execute("CREATE TABLE corvid_session (session_id VARCHAR(64) NOT NULL PRIMARY KEY, "
                    + "version BIGINT NOT NULL, workspace VARCHAR(4096), first_task VARCHAR(1024), "
                    + "created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, message_count INTEGER NOT NULL, "
                    + "turns INTEGER NOT NULL, cost VARCHAR(64))");
            statement.execute("CREATE TABLE corvid_session_message (session_id VARCHAR(64) NOT NULL, "
                    + "seq INTEGER NOT NULL, message_json TEXT NOT NULL, PRIMARY KEY (session_id, seq))");
            statement.execute("INSERT INTO corvid_session VALUES ('20260101-000000-000001', 1, '/ws', 'hello', 0, 0, "
                    + "1, 0, NULL)");
            statement.execute("INSERT INTO corvid_session_message VALUES ('20260101-000000-000001', 0, "
                    + "'{\"role\":\"user\",\"content\":\"hello\"}')");
        }
        SessionStore store = new JdbcSessionStore(database);
        Session old = store.load("20260101-000000-000001").orElseThrow();
        assertEquals(List.of(Message.user("hello")), old.messages());
        assertEquals(null, old.compaction());
        old.saveCompaction(new SessionCompaction(0, null, 1));
        assertEquals(new SessionCompaction(0, null, 1), store.load(old.id()).orElseThrow().compaction());
        // A second store on the same tables finds the column there already.
        assertEquals(new SessionCompaction(0, null, 1),
                new JdbcSessionStore(database).load(old.id()).orElseThrow().compaction());
    }
}
