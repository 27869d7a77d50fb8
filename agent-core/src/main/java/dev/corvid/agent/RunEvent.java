package dev.corvid.agent;

import dev.corvid.model.ModelException;
import dev.corvid.model.ModelRequest;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ToolCall;
import dev.corvid.tool.ToolResult;
import java.time.Duration;

/**
 * Something that happened in one agent run: every event names its run and the turn it belongs to.
 *
 * <p>Events reach an agent's {@linkplain Agent.Builder#listener(RunListener) listeners} and a run's own
 * listener ({@link Agent#runAsync(String, RunListener)}) or {@linkplain RunHandle#events() stream}.
 * Within one run they arrive in order: {@link RunStarted} first, {@link RunFinished} (or
 * {@link RunFailed}) last, a call's
 * {@link ToolCallStarted} before its end. The calls of one turn run at once, so their events interleave;
 * a call's start and end are delivered on the thread that runs it, which lets a listener put what it
 * knows (a telemetry span, say) into that thread's context.
 *
 * <p>The turn counts the requests sent to the model, from 1; it is 0 before the first request.
 */
public sealed interface RunEvent {

    /** {@return the id of the run this event belongs to} */
    String runId();

    /** {@return the turn this event belongs to: the number of requests sent so far} */
    int turn();

    /**
     * The run started, or was resumed from a saved state.
     *
     * @param runId the run's id
     * @param turn the turn it starts from: 0 for a new run
     * @param resumed whether it continues a saved state
     */
    record RunStarted(String runId, int turn, boolean resumed) implements RunEvent {
    }

    /**
     * A request is about to go to the model.
     *
     * @param runId the run's id
     * @param turn this request's number, from 1
     * @param request what is sent
     */
    record RequestSent(String runId, int turn, ModelRequest request) implements RunEvent {
    }

    /**
     * A piece of answer text the model streamed.
     *
     * @param runId the run's id
     * @param turn the turn being streamed
     * @param text the piece; never empty
     */
    record TextDelta(String runId, int turn, String text) implements RunEvent {
    }

    /**
     * A piece of reasoning text the model streamed.
     *
     * @param runId the run's id
     * @param turn the turn being streamed
     * @param text the piece; never empty
     */
    record ReasoningDelta(String runId, int turn, String text) implements RunEvent {
    }

    /**
     * The model failed to answer a request. The run ends by throwing the failure, unless the provider
     * rejected the request as too long: then the run compacts and asks again ({@link Compacted}).
     *
     * @param runId the run's id
     * @param turn the failed request's number
     * @param failure what the provider or the transport reported
     */
    record RequestFailed(String runId, int turn, ModelException failure) implements RunEvent {
    }

    /**
     * The model answered a request.
     *
     * @param runId the run's id
     * @param turn the request's number
     * @param response the whole response
     * @param usage the tokens and cost of this turn
     */
    record TurnFinished(String runId, int turn, ModelResponse response, TurnUsage usage) implements RunEvent {
    }

    /**
     * The run compacted what it sends to the model, to stay within the context window.
     *
     * @param runId the run's id
     * @param turn the turn it reached: the summarising request counts as one
     * @param tokensBefore the estimated tokens of the request before
     * @param tokensAfter the estimated tokens of the request after
     * @param how how it was done
     */
    record Compacted(String runId, int turn, long tokensBefore, long tokensAfter, How how) implements RunEvent {

        /** How a run compacted its requests. */
        public enum How {
            /** The model summarised the older turns; the task and the latest turns are sent as they are. */
            SUMMARY,
            /** The oldest tool outputs were cut to their head and tail, because no summary could be had. */
            CUT_TOOL_OUTPUTS
        }
    }

    /**
     * A call waits for a decision before it runs; answer it with {@link RunHandle#approve(String)} or
     * {@link RunHandle#deny(String, String)} when the approver deferred it.
     *
     * @param runId the run's id
     * @param turn the turn that asked for the call
     * @param call the call as the model sent it
     * @param preview what the call would do, for a person (a diff, say); null when the tool offers none
     */
    record ApprovalRequested(String runId, int turn, ToolCall call, String preview) implements RunEvent {
    }

    /**
     * A call was denied and will not run; the model is told the reason.
     *
     * @param runId the run's id
     * @param turn the turn that asked for the call
     * @param call the call
     * @param reason why it was denied
     */
    record ToolCallDenied(String runId, int turn, ToolCall call, String reason) implements RunEvent {
    }

    /**
     * A call is about to run, on the thread that runs it.
     *
     * @param runId the run's id
     * @param turn the turn that asked for the call
     * @param call the call
     */
    record ToolCallStarted(String runId, int turn, ToolCall call) implements RunEvent {
    }

    /**
     * A call ran and succeeded, on the thread that ran it.
     *
     * @param runId the run's id
     * @param turn the turn that asked for the call
     * @param call the call
     * @param result what goes back to the model
     * @param duration how long the tool ran
     */
    record ToolCallFinished(String runId, int turn, ToolCall call, ToolResult result, Duration duration)
            implements RunEvent {
    }

    /**
     * A call failed: the tool threw, timed out, was unknown or got arguments it could not use. The model
     * reads the error and may try again.
     *
     * @param runId the run's id
     * @param turn the turn that asked for the call
     * @param call the call
     * @param result the error that goes back to the model
     * @param duration how long the call took
     */
    record ToolCallFailed(String runId, int turn, ToolCall call, ToolResult result, Duration duration)
            implements RunEvent {
    }

    /**
     * The run's state after a step, from which {@link Agent#resume(RunState)} continues it in this or
     * another process: save it where the run must survive a crash.
     *
     * @param runId the run's id
     * @param turn the turn the state has reached
     * @param state the whole state
     */
    record Checkpoint(String runId, int turn, RunState state) implements RunEvent {
    }

    /**
     * The run ended by throwing: the model or the transport failed, or code of the application did; the
     * last event of such a run.
     *
     * @param runId the run's id
     * @param turn the turn it reached
     * @param failure what the run throws
     */
    record RunFailed(String runId, int turn, RuntimeException failure) implements RunEvent {
    }

    /**
     * The run ended with a result; the last event of a run that did not throw.
     *
     * @param runId the run's id
     * @param turn the number of requests the run sent
     * @param result the result
     */
    record RunFinished(String runId, int turn, RunResult<?> result) implements RunEvent {
    }
}
