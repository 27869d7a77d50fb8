package dev.corvid.agent;

import dev.corvid.model.ContextLengthExceededException;
import dev.corvid.model.ModelResponse;
import dev.corvid.tool.ToolResult;
import java.util.Map;

/** What happened when a runner carried out a {@link Step}: the input of {@link RunMachine#next(RunState, Observation)}. */
public sealed interface Observation {

    /**
     * The model answered the request of a {@link Step.AskModel}.
     *
     * @param response the whole response
     */
    record ModelAnswered(ModelResponse response) implements Observation {
        /**
         * Checks that the response is present.
         *
         * @param response the whole response
         */
        public ModelAnswered {
            if (response == null) {
                throw new IllegalArgumentException("a model answer needs the response");
            }
        }
    }

    /**
     * The model answered the summarising request of a {@link Step.Compact}.
     *
     * @param response the whole response, whose text is the summary
     */
    record Compacted(ModelResponse response) implements Observation {
        /**
         * Checks that the response is present.
         *
         * @param response the whole response, whose text is the summary
         */
        public Compacted {
            if (response == null) {
                throw new IllegalArgumentException("a compaction needs the response");
            }
        }
    }

    /**
     * The provider rejected a request as longer than the context window. The machine compacts and asks
     * again, or, when it has tried enough, throws the failure.
     *
     * @param failure the rejection, with the limit when the provider stated it
     * @param summarising whether the rejected request was the summarising one of a {@link Step.Compact}
     */
    record TooLong(ContextLengthExceededException failure, boolean summarising) implements Observation {
        /**
         * Checks that the failure is present.
         *
         * @param failure the rejection, with the limit when the provider stated it
         * @param summarising whether the rejected request was the summarising one of a {@link Step.Compact}
         */
        public TooLong {
            if (failure == null) {
                throw new IllegalArgumentException("a too-long observation needs the provider's failure");
            }
        }
    }

    /**
     * Calls of a {@link Step.RunCalls} have results; calls not named here are still to run.
     *
     * @param results per call id, what goes back to the model
     */
    record ToolsRan(Map<String, ToolResult> results) implements Observation {
        /**
         * Copies the results.
         *
         * @param results per call id, what goes back to the model
         */
        public ToolsRan {
            results = Map.copyOf(results);
        }
    }

    /**
     * A call of a {@link Step.AwaitApprovals} was allowed or denied.
     *
     * @param callId the call's id
     * @param approval the decision
     */
    record ApprovalAnswered(String callId, ToolApprover.Approval approval) implements Observation {
        /**
         * Checks the fields.
         *
         * @param callId the call's id
         * @param approval the decision
         */
        public ApprovalAnswered {
            if (callId == null || approval == null || approval.deferred()) {
                throw new IllegalArgumentException("an approval answer needs the call id and a decision");
            }
        }
    }

    /**
     * The run was stopped from outside: cancelled, or out of time.
     *
     * @param outcome {@link RunOutcome#CANCELLED} or {@link RunOutcome#TIMEOUT}
     * @param detail why, for people
     */
    record Stopped(RunOutcome outcome, String detail) implements Observation {
        /**
         * Checks the outcome.
         *
         * @param outcome {@link RunOutcome#CANCELLED} or {@link RunOutcome#TIMEOUT}
         * @param detail why, for people
         */
        public Stopped {
            if (outcome != RunOutcome.CANCELLED && outcome != RunOutcome.TIMEOUT) {
                throw new IllegalArgumentException("a run is stopped by cancellation or timeout, not " + outcome);
            }
        }
    }
}
