package dev.corvid.session;

import dev.corvid.model.Cost;
import dev.corvid.model.Message;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps conversations by id: creates them, appends the messages of each turn, loads, lists and deletes
 * them.
 *
 * <p>Appends are optimistic: a writer passes the version it last saw, and a store that holds another
 * throws {@link SessionConflictException} instead of mixing two conversations into one. Implementations
 * are thread-safe.
 */
public interface SessionStore {

    /**
     * Creates an empty session with a new id.
     *
     * @param workspace where the session belongs, for {@link #newest(String)}; null for none
     * @return the session, bound to this store
     */
    Session create(String workspace);

    /**
     * Loads a session with its messages and, where this store keeps one, its compaction.
     *
     * @param id the session's id
     * @return the session, or empty when this store holds none of that id
     */
    Optional<Session> load(String id);

    /**
     * Returns what the store knows of each session, the most recently updated first.
     *
     * @return the sessions' infos; empty when none
     */
    List<SessionInfo> list();

    /**
     * Deletes a session and its messages.
     *
     * @param id the session's id
     * @return whether there was such a session
     */
    boolean delete(String id);

    /**
     * Appends messages to a session, as one step: all of them or, on a failure, none.
     *
     * @param id the session's id
     * @param expectedVersion the version the writer last saw, from {@link SessionInfo#version()}
     * @param messages the messages to append, in order; never null
     * @param cost what the turns that wrote them cost; null when unknown
     * @return the session's info after the append, with its new version
     * @throws SessionConflictException when the session's version is not the expected one
     * @throws IllegalArgumentException when the store holds no session of that id
     */
    SessionInfo append(String id, long expectedVersion, List<Message> messages, Cost cost);

    /**
     * Keeps how a session's runs last compacted their requests, so that {@link #load(String)} gives it back
     * with the session and the next run goes on from its summary instead of summarising again. The last
     * compaction saved wins; one saved late by a slower writer is older but still true, since messages are
     * only ever appended.
     *
     * <p>The default keeps nothing: each run on a session that outgrew the context window then compacts
     * afresh, which costs a summarising request per run.
     *
     * @param id the session's id
     * @param compaction the compaction; never null
     */
    default void saveCompaction(String id, SessionCompaction compaction) {
    }

    /**
     * Returns the most recently updated session of a workspace.
     *
     * @param workspace the workspace, as given to {@link #create(String)}; null for sessions without one
     * @return its info, or empty when the workspace has no session
     */
    default Optional<SessionInfo> newest(String workspace) {
        return list().stream().filter(info -> Objects.equals(info.workspace(), workspace)).findFirst();
    }
}
