package dev.corvid.temporal;

import dev.corvid.agent.RunMachine;
import dev.corvid.agent.RunOutcome;
import dev.corvid.agent.RunResult;
import dev.corvid.agent.RunState;
import dev.corvid.model.AuthenticationException;
import dev.corvid.model.BadRequestException;
import dev.corvid.model.ContextLengthExceededException;
import dev.corvid.model.ModelException;
import dev.corvid.model.ModelTimeoutException;
import dev.corvid.model.RateLimitException;
import dev.corvid.model.ServerException;
import dev.corvid.model.TransportException;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The handle of one durable run: answer its approvals, follow its state and events, cancel it, wait for
 * its result. Every method talks to the Temporal service; the run itself lives there, not in this object.
 * Thread-safe.
 *
 * @param <T> the type of the answer
 */
public final class DurableRun<T> {

    private final String runId;
    private final WorkflowStub stub;
    private final Class<T> type;

    DurableRun(String runId, WorkflowStub stub, Class<T> type) {
        this.runId = runId;
        this.stub = stub;
        this.type = type;
    }

    /**
     * Returns the run's id, which is its workflow id.
     *
     * @return the id
     */
    public String runId() {
        return runId;
    }

    /**
     * Allows a call that waits for approval (see {@link RunState#awaitingApproval()}).
     *
     * @param callId the call's id
     */
    public void approve(String callId) {
        requireCallId(callId);
        stub.signal("approve", callId);
    }

    /**
     * Denies a call that waits for approval; the model is told the reason.
     *
     * @param callId the call's id
     * @param reason why, for the model
     */
    public void deny(String callId, String reason) {
        requireCallId(callId);
        stub.signal("deny", callId, reason == null ? "" : reason);
    }

    /**
     * Allows the call that waits for a person, by update: the run checks the id before it takes the answer,
     * so a wrong id fails here instead of being kept, as {@link #approve} keeps an answer that comes early.
     *
     * @param callId the id of the call that waits, as in {@link DurableEvent.Kind#APPROVAL_REQUESTED}
     * @throws IllegalArgumentException when no call of that id waits for a person, or the run has ended; the
     *     message says which call waits
     */
    public void approveWaiting(String callId) {
        requireCallId(callId);
        update("approveCall", callId);
    }

    /**
     * Denies the call that waits for a person, by update; the model is told the reason.
     *
     * @param callId the id of the call that waits
     * @param reason why, for the model
     * @throws IllegalArgumentException when no call of that id waits for a person; the message says which does
     */
    public void denyWaiting(String callId, String reason) {
        requireCallId(callId);
        update("denyCall", callId, reason == null ? "" : reason);
    }

    private void update(String name, Object... args) {
        try {
            stub.update(name, Void.class, args);
        } catch (WorkflowUpdateException rejected) {
            if (rejected.getCause() instanceof ApplicationFailure failure
                    && IllegalArgumentException.class.getName().equals(failure.getType())) {
                throw new IllegalArgumentException(failure.getOriginalMessage(), rejected);
            }
            throw rejected;
        } catch (WorkflowNotFoundException over) {
            throw new IllegalArgumentException("no call '" + args[0] + "' waits for a person's approval: run " + runId
                    + " is not going on (it has ended, or never started)", over);
        }
    }

    /** Cancels the run: it ends with {@link RunOutcome#CANCELLED}, its open calls answered as not run. */
    public void cancel() {
        stub.cancel();
    }

    /**
     * Returns the run's state after its last step.
     *
     * @return the state, read by query
     */
    public RunState state() {
        return stub.query("state", RunState.class);
    }

    /**
     * Returns the run's events after an index: call with -1 first, then with the last index seen.
     *
     * @param after the index of the last event already seen; -1 for all kept events
     * @return the events, oldest first, at most {@value DurableEvent#PAGE}
     */
    public List<DurableEvent> events(long after) {
        return List.of(stub.query("events", DurableEvent[].class, after));
    }

    /**
     * Waits for the run's end and returns its result.
     *
     * @return the result, built from the run's final state
     * @throws ModelException when the model failed for good; it carries the transcript so far
     * @throws io.temporal.client.WorkflowException when the workflow failed otherwise
     */
    public RunResult<T> result() {
        try {
            return result(stub.getResult(RunState.class));
        } catch (WorkflowFailedException failure) {
            return cancelled(failure);
        }
    }

    /**
     * Waits at most a while for the run's end.
     *
     * @param timeout how long to wait
     * @return the result
     * @throws TimeoutException when the run did not end in time; it goes on
     */
    public RunResult<T> result(Duration timeout) throws TimeoutException {
        try {
            return result(stub.getResult(timeout.toMillis(), TimeUnit.MILLISECONDS, RunState.class));
        } catch (WorkflowFailedException failure) {
            return cancelled(failure);
        }
    }

    private RunResult<T> result(RunState end) {
        return new RunResult<>(end.runId(), end.outcome(), RunMachine.answer(end, type), end.lastText(), end.detail(), end.transcript(),
                end.usage(), end.cost(), end.perTurn(), end);
    }

    /**
     * Returns the result of a cancelled run: Temporal closes a cancelled workflow as cancelled even though it
     * ended its run, so the final state is read back by query.
     */
    private RunResult<T> cancelled(WorkflowFailedException failure) {
        if (failure.getCause() instanceof CanceledFailure) {
            RunState end = state();
            if (end != null && end.isFinished()) {
                return result(end);
            }
        }
        throw translated(failure);
    }

    /** Rebuilds the typed model exception that failed the run; other failures stay as they are. */
    private RuntimeException translated(WorkflowFailedException failure) {
        if (!(failure.getCause() instanceof ApplicationFailure cause) || cause.getDetails().getSize() == 0) {
            return failure;
        }
        ModelFailure details;
        try {
            details = cause.getDetails().get(0, ModelFailure.class);
        } catch (RuntimeException notOurs) {
            return failure;
        }
        String message = cause.getOriginalMessage();
        int status = details.status();
        ModelException rebuilt = switch (cause.getType()) {
            case "RateLimitException" -> new RateLimitException(message, status, details.providerCode(),
                    details.providerMessage(), details.requestId(), null, details.retryable(), failure);
            case "AuthenticationException" -> new AuthenticationException(message, status, details.providerCode(),
                    details.providerMessage(), details.requestId(), details.retryable(), failure);
            case "BadRequestException" -> new BadRequestException(message, status, details.providerCode(),
                    details.providerMessage(), details.requestId(), details.retryable(), failure);
            case "ServerException" -> new ServerException(message, status, details.providerCode(),
                    details.providerMessage(), details.requestId(), details.retryable(), failure);
            case "TransportException" -> new TransportException(message, status, details.requestId(),
                    details.retryable(), failure);
            case "ContextLengthExceededException" -> new ContextLengthExceededException(message, status,
                    details.providerCode(), details.providerMessage(), details.requestId(), details.limit());
            case "ModelTimeoutException" -> new ModelTimeoutException(message, status, details.requestId(), failure);
            default -> new ModelException(message, status, details.providerCode(), details.providerMessage(),
                    details.requestId(), details.retryable(), failure);
        };
        try {
            rebuilt.withTranscript(state().transcript());
        } catch (RuntimeException unreachable) {
            // The transcript is a courtesy; the failure itself must reach the caller.
        }
        return rebuilt;
    }

    private static void requireCallId(String callId) {
        if (callId == null || callId.isBlank()) {
            throw new IllegalArgumentException("callId must name a call that waits; see state().awaitingApproval()");
        }
    }
}
