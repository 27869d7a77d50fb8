package dev.corvid.session;

import dev.corvid.model.Cost;
import dev.corvid.model.Message;
import dev.corvid.model.Transcript;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link SessionStore} in a relational database reached through JDBC: the way the instances of an
 * application share conversations. Runs on PostgreSQL, SQLite and H2 with one layout, created when
 * missing:
 *
 * <pre>
 * corvid_session(session_id, version, workspace, first_task, created_at, updated_at, message_count, turns, cost,
 *                compaction)
 * corvid_session_message(session_id, seq, message_json)
 * </pre>
 *
 * <p>{@code compaction} holds the session's {@link SessionCompaction} as JSON; a table made before it
 * existed gets the column added.
 *
 * <p>Each append is one transaction that first moves the session's version on from the one the writer saw
 * ({@code UPDATE ... SET version = version + 1 WHERE session_id = ? AND version = ?}), so of two writers of
 * one session the second gets a {@link SessionConflictException} instead of interleaving. Times are epoch
 * milliseconds, costs text such as {@code "0.0123 USD"}. Database failures are thrown as
 * {@link IllegalStateException} with the {@link SQLException} as cause. Thread-safe, as its data source must be.
 */
public final class JdbcSessionStore implements SessionStore {

    private static final String SESSION_TABLE = "CREATE TABLE IF NOT EXISTS corvid_session ("
            + "session_id VARCHAR(64) NOT NULL PRIMARY KEY, version BIGINT NOT NULL, workspace VARCHAR(4096), "
            + "first_task VARCHAR(1024), created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, "
            + "message_count INTEGER NOT NULL, turns INTEGER NOT NULL, cost VARCHAR(64), compaction TEXT)";
    private static final String MESSAGE_TABLE = "CREATE TABLE IF NOT EXISTS corvid_session_message ("
            + "session_id VARCHAR(64) NOT NULL, seq INTEGER NOT NULL, message_json TEXT NOT NULL, "
            + "PRIMARY KEY (session_id, seq))";
    private static final String COLUMNS = "session_id, version, workspace, first_task, created_at, updated_at, "
            + "message_count, turns, cost";

    private static final System.Logger LOG = System.getLogger(JdbcSessionStore.class.getName());

    private final DataSource dataSource;
    private final Clock clock;

    /**
     * Creates a store on a data source, creating its tables when they are missing.
     *
     * @param dataSource where the tables are; never null
     * @throws IllegalStateException when the tables cannot be created
     */
    public JdbcSessionStore(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    JdbcSessionStore(DataSource dataSource, Clock clock) {
        if (dataSource == null) {
            throw new IllegalArgumentException("dataSource must not be null; pass the application's pooled DataSource");
        }
        this.dataSource = dataSource;
        this.clock = clock;
        createTables();
    }

    private void createTables() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            try {
                statement.execute(SESSION_TABLE);
                statement.execute(MESSAGE_TABLE);
            } catch (SQLException e) {
                // Another instance may have created them at the same moment; fine if they are there now.
                try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM corvid_session_message WHERE 1 = 0")) {
                    rows.next();
                } catch (SQLException missing) {
                    e.addSuppressed(missing);
                    throw e;
                }
            }
            addCompactionColumn(connection);
        } catch (SQLException e) {
            throw failure("cannot create the session tables", e);
        }
    }

    /** Adds the compaction column to a session table made before it existed. */
    private static void addCompactionColumn(Connection connection) throws SQLException {
        if (hasCompactionColumn(connection)) {
            return;
        }
        try (Statement alter = connection.createStatement()) {
            alter.execute("ALTER TABLE corvid_session ADD COLUMN compaction TEXT");
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            // Another instance may have added it at the same moment; fine if it is there now.
            if (!hasCompactionColumn(connection)) {
                throw e;
            }
        }
    }

    private static boolean hasCompactionColumn(Connection connection) throws SQLException {
        try (Statement probe = connection.createStatement();
             ResultSet rows = probe.executeQuery("SELECT compaction FROM corvid_session WHERE 1 = 0")) {
            rows.next();
            return true;
        } catch (SQLException missing) {
            if (!connection.getAutoCommit()) {
                connection.rollback(); // a failed statement spoils the transaction on PostgreSQL
            }
            return false;
        }
    }

    @Override
    public Session create(String workspace) {
        SessionInfo info = SessionInfo.fresh(workspace, clock.instant());
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO corvid_session (" + COLUMNS
                     + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, info.id());
            insert.setLong(2, info.version());
            insert.setString(3, info.workspace());
            insert.setString(4, null);
            insert.setLong(5, info.created().toEpochMilli());
            insert.setLong(6, info.updated().toEpochMilli());
            insert.setInt(7, 0);
            insert.setInt(8, 0);
            insert.setString(9, null);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw failure("cannot create a session", e);
        }
        return new Session(this, info, List.of());
    }

    @Override
    public Optional<Session> load(String id) {
        try (Connection connection = dataSource.getConnection()) {
            // One snapshot for the row and its messages, where the database offers it.
            connection.setAutoCommit(false);
            try {
                SessionInfo info = info(connection, id);
                if (info == null) {
                    return Optional.empty();
                }
                List<Message> messages = new ArrayList<>(info.messages());
                try (PreparedStatement select = connection.prepareStatement("SELECT seq, message_json FROM "
                        + "corvid_session_message WHERE session_id = ? AND seq < ? ORDER BY seq")) {
                    select.setString(1, id);
                    select.setInt(2, info.messages());
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            messages.add(Transcript.messageFromJson(rows.getString(2)));
                        }
                    }
                }
                return Optional.of(new Session(this, info, messages, compaction(connection, id)));
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw failure("cannot load session " + id, e);
        }
    }

    @Override
    public List<SessionInfo> list() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                     + " FROM corvid_session ORDER BY updated_at DESC, session_id DESC");
             ResultSet rows = select.executeQuery()) {
            List<SessionInfo> infos = new ArrayList<>();
            while (rows.next()) {
                infos.add(info(rows));
            }
            return infos;
        } catch (SQLException e) {
            throw failure("cannot list the sessions", e);
        }
    }

    @Override
    public boolean delete(String id) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement messages = connection.prepareStatement(
                         "DELETE FROM corvid_session_message WHERE session_id = ?");
                 PreparedStatement session = connection.prepareStatement("DELETE FROM corvid_session WHERE session_id = ?")) {
                messages.setString(1, id);
                messages.executeUpdate();
                session.setString(1, id);
                boolean existed = session.executeUpdate() > 0;
                connection.commit();
                return existed;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("cannot delete session " + id, e);
        }
    }

    @Override
    public void saveCompaction(String id, SessionCompaction compaction) {
        if (compaction == null) {
            throw new IllegalArgumentException("compaction must not be null");
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE corvid_session SET compaction = ? WHERE session_id = ?")) {
            update.setString(1, compaction.toJson());
            update.setString(2, id);
            if (update.executeUpdate() == 0) {
                throw new IllegalArgumentException("no session '" + id + "' in the database");
            }
        } catch (SQLException e) {
            throw failure("cannot save the compaction of session " + id, e);
        }
    }

    /** Reads a session's compaction; null when it has none or it is damaged, which costs a summary. */
    private static SessionCompaction compaction(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT compaction FROM corvid_session WHERE session_id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                String json = rows.next() ? rows.getString(1) : null;
                if (json == null) {
                    return null;
                }
                try {
                    return SessionCompaction.fromJson(json);
                } catch (IllegalArgumentException e) {
                    LOG.log(System.Logger.Level.WARNING, "the compaction of session " + id + " cannot be read ("
                            + e.getMessage() + "); its next run compacts afresh when it needs to");
                    return null;
                }
            }
        }
    }

    @Override
    public SessionInfo append(String id, long expectedVersion, List<Message> added, Cost cost) {
        if (added == null) {
            throw new IllegalArgumentException("messages must not be null; pass List.of() for none");
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                SessionInfo after = append(connection, id, expectedVersion, added, cost);
                connection.commit();
                return after;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                if (e instanceof SQLException sqlFailure) {
                    // A database that refuses the second writer (lock timeout, serialization failure) instead of
                    // making it wait: tell it as the conflict it is.
                    SessionInfo now = info(connection, id);
                    connection.rollback();
                    if (now != null && now.version() != expectedVersion) {
                        SessionConflictException conflict = new SessionConflictException(id, expectedVersion, now.version());
                        conflict.initCause(sqlFailure);
                        throw conflict;
                    }
                }
                throw e;
            }
        } catch (SQLException e) {
            throw failure("cannot append to session " + id, e);
        }
    }

    private SessionInfo append(Connection connection, String id, long expectedVersion, List<Message> added, Cost cost)
            throws SQLException {
        // The write comes first so that the transaction holds the session's row (or the database's write
        // lock) before it reads anything.
        try (PreparedStatement claim = connection.prepareStatement(
                "UPDATE corvid_session SET version = version + 1 WHERE session_id = ? AND version = ?")) {
            claim.setString(1, id);
            claim.setLong(2, expectedVersion);
            if (claim.executeUpdate() == 0) {
                SessionInfo now = info(connection, id);
                if (now == null) {
                    throw new IllegalArgumentException("no session '" + id + "' in the database; create one with "
                            + "store.create(workspace)");
                }
                throw new SessionConflictException(id, expectedVersion, now.version());
            }
        }
        SessionInfo before = info(connection, id);
        SessionInfo after = before.appended(added, cost, clock.instant(), before.version());
        try (PreparedStatement update = connection.prepareStatement("UPDATE corvid_session SET first_task = ?, "
                + "updated_at = ?, message_count = ?, turns = ?, cost = ? WHERE session_id = ?")) {
            update.setString(1, after.firstTask());
            update.setLong(2, after.updated().toEpochMilli());
            update.setInt(3, after.messages());
            update.setInt(4, after.turns());
            update.setString(5, after.cost() == null ? null : after.cost().toString());
            update.setString(6, id);
            update.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO corvid_session_message (session_id, seq, message_json) VALUES (?, ?, ?)")) {
            int seq = before.messages();
            for (Message message : added) {
                insert.setString(1, id);
                insert.setInt(2, seq++);
                insert.setString(3, Transcript.toJson(message));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return after;
    }

    private SessionInfo info(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM corvid_session WHERE session_id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? info(rows) : null;
            }
        }
    }

    private static SessionInfo info(ResultSet row) throws SQLException {
        return new SessionInfo(row.getString(1), row.getString(3), row.getString(4),
                Instant.ofEpochMilli(row.getLong(5)), Instant.ofEpochMilli(row.getLong(6)), row.getInt(7),
                row.getInt(8), SessionInfo.parseCost(row.getString(9)), row.getLong(2));
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException(what + ": " + e.getMessage() + " (SQL state " + e.getSQLState() + ")", e);
    }
}
