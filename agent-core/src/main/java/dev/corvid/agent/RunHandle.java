package dev.corvid.agent;

import dev.corvid.model.Cancellation;
import java.util.concurrent.CompletableFuture;

/**
 * A run started with {@code Agent.runAsync}: its future result, and the way to cancel it.
 *
 * <p>Cancelling stops the model request in flight (its connection is closed) and interrupts running
 * tools; the result then completes with {@link RunOutcome#CANCELLED} and the transcript so far.
 * Thread-safe.
 *
 * @param <T> the type of the answer
 */
public final class RunHandle<T> {

    private final String runId;
    private final CompletableFuture<RunResult<T>> result;
    private final Cancellation cancellation;

    RunHandle(String runId, CompletableFuture<RunResult<T>> result, Cancellation cancellation) {
        this.runId = runId;
        this.result = result;
        this.cancellation = cancellation;
    }

    /** Returns the run's id. */
    public String runId() {
        return runId;
    }

    /**
     * Returns the future result. It completes exceptionally with the provider's
     * {@link dev.corvid.model.ModelException} when the model fails.
     */
    public CompletableFuture<RunResult<T>> result() {
        return result;
    }

    /** Waits for the run and returns its result, rethrowing a failure unwrapped. */
    public RunResult<T> join() {
        try {
            return result.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Asks the run to stop; does nothing when it has ended. */
    public void cancel() {
        cancellation.cancel();
    }

    /** Returns whether the run has ended, in any way. */
    public boolean isDone() {
        return result.isDone();
    }
}
