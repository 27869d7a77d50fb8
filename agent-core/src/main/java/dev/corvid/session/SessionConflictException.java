package dev.corvid.session;

/**
 * Thrown when a session was changed by another writer since this one last read it: its messages were not
 * appended. Load the session again, and repeat the turn on what it holds now.
 */
public final class SessionConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The id of the session that changed. */
    private final String sessionId;
    /** The version the writer last saw. */
    private final long expectedVersion;
    /** The version the store holds. */
    private final long actualVersion;

    /**
     * Creates the exception.
     *
     * @param sessionId the session's id
     * @param expectedVersion the version the writer last saw
     * @param actualVersion the version the store holds
     */
    public SessionConflictException(String sessionId, long expectedVersion, long actualVersion) {
        super("session " + sessionId + " was changed by another writer (expected version " + expectedVersion
                + ", found " + actualVersion + "); nothing was appended: load the session again with "
                + "store.load(id) and repeat the turn on what it holds now");
        this.sessionId = sessionId;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    /** {@return the id of the session that changed} */
    public String sessionId() {
        return sessionId;
    }

    /** {@return the version the writer last saw} */
    public long expectedVersion() {
        return expectedVersion;
    }

    /** {@return the version the store holds} */
    public long actualVersion() {
        return actualVersion;
    }
}
