package dev.corvid.agent;

import dev.corvid.model.ToolCall;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;

/**
 * A run started with {@code Agent.runAsync}, {@code Agent.stream} or {@code Agent.resumeAsync}: its future
 * result, its state, its events, the calls it waits on, and the way to cancel it.
 *
 * <p>Cancelling stops the model request in flight (its connection is closed) and interrupts running
 * tools; the result then completes with {@link RunOutcome#CANCELLED} and the transcript so far.
 * Thread-safe.
 *
 * @param <T> the type of the answer
 */
public final class RunHandle<T> {

    private final Run<T> run;
    private final CompletableFuture<RunResult<T>> result;
    private final EventStream stream;

    RunHandle(Run<T> run, CompletableFuture<RunResult<T>> result, EventStream stream) {
        this.run = run;
        this.result = result;
        this.stream = stream;
    }

    /** {@return the run's id} */
    public String runId() {
        return run.runId;
    }

    /**
     * {@return the future result} It completes exceptionally with the provider's
     * {@link dev.corvid.model.ModelException} when the model fails.
     *
     */
    public CompletableFuture<RunResult<T>> result() {
        return result;
    }

    /**
     * Waits for the run and returns its result, rethrowing a failure unwrapped.
     *
     * @return the result
     * @throws dev.corvid.model.ModelException when the model failed
     */
    public RunResult<T> join() {
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /**
     * Returns the run's events, each one once, from the first: a publisher of one subscriber that sees the
     * whole run however late it subscribes, and completes after {@link RunEvent.RunFinished} (or with the
     * run's failure). Adapt it with {@code FlowAdapters} or {@code JdkFlowAdapter} for Reactive Streams
     * libraries.
     *
     * @return the events
     * @throws IllegalStateException when the run was not started with {@code Agent.stream}, which is what
     *     keeps its events; use a listener with {@code Agent.runAsync} otherwise
     */
    public Flow.Publisher<RunEvent> events() {
        if (stream == null) {
            throw new IllegalStateException("this run keeps no events: start it with agent.stream(...) to consume "
                    + "them from its handle, or pass a RunListener to agent.runAsync(...)");
        }
        return stream;
    }

    /** {@return the run's state after its last step: save it to continue the run elsewhere} */
    public RunState state() {
        return run.state();
    }

    /** {@return the calls that wait for {@link #approve(String)} or {@link #deny(String, String)}; empty when none} */
    public List<ToolCall> awaitingApproval() {
        return run.deferred();
    }

    /**
     * Allows a call whose approval the approver deferred; the run goes on.
     *
     * @param callId the call's id, as in {@link RunEvent.ApprovalRequested}
     * @throws IllegalArgumentException when no call of that id waits
     */
    public void approve(String callId) {
        run.approvals.answer(callId, ToolApprover.Approval.allow());
    }

    /**
     * Denies a call whose approval the approver deferred; the model is told the reason and the run goes on.
     *
     * @param callId the call's id, as in {@link RunEvent.ApprovalRequested}
     * @param reason why, for the model
     * @throws IllegalArgumentException when no call of that id waits
     */
    public void deny(String callId, String reason) {
        run.approvals.answer(callId, ToolApprover.Approval.deny(reason));
    }

    /** Asks the run to stop; does nothing when it has ended. */
    public void cancel() {
        run.cancellation.cancel();
    }

    /** {@return whether the run has ended, in any way} */
    public boolean isDone() {
        return result.isDone();
    }
}
