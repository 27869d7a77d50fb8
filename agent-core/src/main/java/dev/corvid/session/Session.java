package dev.corvid.session;

import dev.corvid.model.Cost;
import dev.corvid.model.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * A conversation kept in a {@link SessionStore}: its info and messages as this writer last saw them, and
 * the store that appends to it.
 *
 * <p>Continue it with {@code agent.run(session, prompt)}, which appends each finished turn as the run goes.
 * A session remembers the version of its last append, so a second writer of the same conversation (another
 * instance of the application, another process) gets a {@link SessionConflictException} instead of
 * interleaving with the first; {@link SessionStore#load(String)} it again to go on from what the store holds.
 * Two runs on one session object at once are two writers too: the one that appends second is stopped.
 * Thread-safe: its methods synchronize on the session.
 */
public final class Session {

    private final SessionStore store;
    private SessionInfo info;
    private List<Message> messages;
    private SessionCompaction compaction;

    /**
     * Creates a session as a store read it, never compacted; for implementations of {@link SessionStore}.
     *
     * @param store the store that keeps it; never null
     * @param info its info; never null
     * @param messages its messages, in order; never null
     */
    public Session(SessionStore store, SessionInfo info, List<Message> messages) {
        this(store, info, messages, null);
    }

    /**
     * Creates a session as a store read it; for implementations of {@link SessionStore}.
     *
     * @param store the store that keeps it; never null
     * @param info its info; never null
     * @param messages its messages, in order; never null
     * @param compaction how its runs' requests were last compacted; null when never
     */
    public Session(SessionStore store, SessionInfo info, List<Message> messages, SessionCompaction compaction) {
        if (store == null || info == null || messages == null) {
            throw new IllegalArgumentException("a session needs its store, info and messages");
        }
        this.store = store;
        this.info = info;
        this.messages = List.copyOf(messages);
        this.compaction = compaction != null && compaction.keptFrom() <= this.messages.size()
                && compaction.cutThrough() <= this.messages.size() ? compaction : null;
    }

    /** {@return the session's id} */
    public String id() {
        return info().id();
    }

    /** {@return the store that keeps this session} */
    public SessionStore store() {
        return store;
    }

    /** {@return the session's info after its last load or append} */
    public synchronized SessionInfo info() {
        return info;
    }

    /** {@return the messages as of the last load or append, in order} */
    public synchronized List<Message> messages() {
        return messages;
    }

    /**
     * {@return how this session's runs last compacted their requests, so that the next run goes on from
     * there; null when none did}
     */
    public synchronized SessionCompaction compaction() {
        return compaction;
    }

    /**
     * Keeps how a run on this session compacted its requests, in the store where it keeps such things (see
     * {@link SessionStore#saveCompaction(String, SessionCompaction)}); the agent calls this as its runs go.
     *
     * @param newCompaction the compaction; never null, and referring only to messages the session holds
     * @throws IllegalArgumentException when it refers to messages the session does not hold
     */
    public synchronized void saveCompaction(SessionCompaction newCompaction) {
        if (newCompaction == null) {
            throw new IllegalArgumentException("compaction must not be null");
        }
        if (newCompaction.keptFrom() > messages.size() || newCompaction.cutThrough() > messages.size()) {
            throw new IllegalArgumentException("the compaction refers to message " + Math.max(newCompaction.keptFrom(),
                    newCompaction.cutThrough()) + " but session " + info.id() + " holds " + messages.size());
        }
        if (newCompaction.equals(compaction)) {
            return;
        }
        store.saveCompaction(info.id(), newCompaction);
        compaction = newCompaction;
    }

    /** {@return the version of the last load or append} */
    public synchronized long version() {
        return info.version();
    }

    /**
     * Appends messages to the stored session; nothing happens when there are none.
     *
     * @param added the messages, in order; never null
     * @param cost what the turns that wrote them cost; null when unknown
     * @throws SessionConflictException when another writer appended since this session's last load or append
     */
    public synchronized void append(List<Message> added, Cost cost) {
        if (added == null) {
            throw new IllegalArgumentException("messages must not be null; pass List.of() for none");
        }
        if (added.isEmpty()) {
            return;
        }
        SessionInfo after = store.append(info.id(), info.version(), added, cost);
        List<Message> all = new ArrayList<>(messages.size() + added.size());
        all.addAll(messages);
        all.addAll(added);
        messages = List.copyOf(all);
        info = after;
    }

    @Override
    public String toString() {
        return "Session[" + info() + "]";
    }
}
