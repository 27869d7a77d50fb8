package dev.corvid.agent;

import dev.corvid.model.Cancellation;
import dev.corvid.model.Cost;
import dev.corvid.model.Message;
import dev.corvid.session.Session;
import dev.corvid.session.SessionCompaction;
import dev.corvid.session.SessionConflictException;
import java.util.List;

/**
 * Appends a run's messages to its session as the run goes: at every checkpoint between turns (no call of
 * the turn still open) and at the end, whatever the transcript gained since the last append. A store that
 * fails (another writer appended, say) cancels the run; the failure is what the run then throws.
 *
 * <p>It also keeps the run's compaction with the session, so that the next run on it sends the summary
 * instead of asking for one again ({@link #continuing(RunState, SessionCompaction, int)}). A compaction the
 * store cannot keep is logged and the run goes on: the next run then compacts afresh.
 */
final class SessionRecorder implements RunListener {

    private static final System.Logger LOG = System.getLogger(SessionRecorder.class.getName());

    private final Session session;
    private final RunListener next;
    private final Cancellation cancellation;
    // The last message stored, found again by identity so that a transcript whose head was rewritten (by
    // compaction) still shows what is new; before the first append, the one before the prompt.
    private Message anchor;
    private int from;
    private int costedTurns;
    // The session's version after this run's last append: another run on the same session object moves it.
    private long version;
    // Where the session's first message stands in the transcript; -1 when their indexes do not match.
    private final int offset;
    private volatile RuntimeException failure;

    /**
     * @param transcript the run's first transcript
     * @param stored how many of its first messages are stored already or the agent's own instructions: all
     *     but the prompt, or all of them for a run that only compacts
     * @param offset the index in the transcript of the session's first message, the messages after it
     *     standing as in the session; -1 when they do not (a repaired history), and then no compaction is kept
     */
    SessionRecorder(Session session, List<Message> transcript, int stored, int offset, RunListener next,
                    Cancellation cancellation) {
        this.session = session;
        this.next = next;
        this.cancellation = cancellation;
        this.from = stored;
        this.anchor = from > 0 ? transcript.get(from - 1) : null;
        this.version = session.version();
        this.offset = offset;
    }

    /**
     * Returns a session run's first state, going on from the session's last compaction: its summary and cut
     * outputs sent in place of the older messages, as the run that made it sent them.
     *
     * @param first the state as {@link Run#firstState} made it from the session's messages
     * @param compaction the session's compaction; null when none
     * @param offset the index in the transcript of the session's first message; -1 when they do not match
     */
    static RunState continuing(RunState first, SessionCompaction compaction, int offset) {
        if (compaction == null || offset < 0) {
            return first;
        }
        RunState.Context context = first.context();
        int keptFrom = compaction.summary() == null ? 0 : compaction.keptFrom() + offset;
        int cutThrough = compaction.cutThrough() == 0 ? 0 : compaction.cutThrough() + offset;
        return first.withContext(new RunState.Context(context.task(), keptFrom, compaction.summary(), cutThrough,
                null, 0, 0, 0, 0));
    }

    /**
     * A run bound to the recorder that stores it: running it throws what stopped the appends, after the
     * run's own failure if both failed.
     */
    record Bound<T>(Run<T> run, SessionRecorder recorder) {

        RunResult<T> execute() {
            RunResult<T> result;
            try {
                result = run.execute();
            } catch (RuntimeException failure) {
                if (recorder.failure() != null) {
                    failure.addSuppressed(recorder.failure());
                }
                throw failure;
            }
            if (recorder.failure() != null) {
                throw recorder.failure();
            }
            return result;
        }

        RunHandle<T> start() {
            RunHandle<T> started = run.start(null);
            return new RunHandle<>(run, started.result().thenApply(result -> {
                if (recorder.failure() != null) {
                    throw recorder.failure();
                }
                return result;
            }), null);
        }
    }

    @Override
    public void onEvent(RunEvent event) {
        if (event instanceof RunEvent.Checkpoint checkpoint && checkpoint.state().calls().isEmpty()) {
            save(checkpoint.state());
        } else if (event instanceof RunEvent.RunFinished finished) {
            save(finished.result().state());
        }
        if (next != null) {
            try {
                next.onEvent(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "run listener " + next.getClass().getName() + " failed", e);
            }
        }
    }

    /** Returns what stopped the appends, or null when they all succeeded. */
    RuntimeException failure() {
        return failure;
    }

    private synchronized void save(RunState state) {
        if (failure != null) {
            return;
        }
        List<Message> transcript = state.transcript();
        int start = anchor == null ? from : indexAfter(transcript, anchor);
        if (start < 0) {
            failure = new IllegalStateException("the run's transcript no longer holds the last message stored in "
                    + "session " + session.id() + "; nothing more of this run is stored");
            cancellation.cancel();
            return;
        }
        if (start >= transcript.size()) {
            keepCompaction(state.context());
            return;
        }
        List<Message> added = transcript.subList(start, transcript.size());
        try {
            synchronized (session) {
                if (session.version() != version) {
                    // Another run appended through this same session object since this run began.
                    throw new SessionConflictException(session.id(), version, session.version());
                }
                session.append(added, costSince(state));
                version = session.version();
            }
            anchor = transcript.get(transcript.size() - 1);
            costedTurns = state.perTurn().size();
        } catch (RuntimeException e) {
            failure = e;
            cancellation.cancel();
            return;
        }
        keepCompaction(state.context());
    }

    /** Keeps the run's compaction with the session, in the session's indexes, once every message it names is stored. */
    private void keepCompaction(RunState.Context context) {
        if (offset < 0 || !context.isCompacted()) {
            return;
        }
        int keptFrom = context.summary() == null ? 0 : context.keptFrom() - offset;
        int cutThrough = Math.max(0, context.cutThrough() - offset);
        if (context.summary() != null && keptFrom <= 0 || keptFrom == 0 && cutThrough == 0) {
            return; // nothing of the session's own messages is replaced
        }
        try {
            session.saveCompaction(new SessionCompaction(keptFrom, context.summary(), cutThrough));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the compaction of session " + session.id() + " was not kept ("
                    + e.getMessage() + "); its next run compacts afresh when it needs to", e);
        }
    }

    private static int indexAfter(List<Message> transcript, Message message) {
        for (int i = transcript.size() - 1; i >= 0; i--) {
            if (transcript.get(i) == message) {
                return i + 1;
            }
        }
        return -1;
    }

    private Cost costSince(RunState state) {
        Cost sum = null;
        List<TurnUsage> turns = state.perTurn();
        for (int i = costedTurns; i < turns.size(); i++) {
            Cost cost = turns.get(i).cost();
            if (cost != null) {
                sum = sum == null ? cost : sum.plus(cost);
            }
        }
        return sum;
    }
}
