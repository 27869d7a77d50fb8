package dev.corvid.agent;

import dev.corvid.model.Message;
import dev.corvid.model.ModelSettings;
import dev.corvid.model.ToolCall;
import java.util.List;

/**
 * What a run does next, as decided by {@link RunMachine}: a runner carries it out and reports what
 * happened as an {@link Observation}.
 */
public sealed interface Step {

    /**
     * Send a request to the model; report its answer as {@link Observation.ModelAnswered}.
     *
     * @param turn the request's number, from 1
     * @param messages the messages to send, prepared from the transcript
     * @param settings the settings of this request
     */
    record AskModel(int turn, List<Message> messages, ModelSettings settings) implements Step {
    }

    /**
     * Ask the model for a summary of the work so far, because the next request would not fit the context
     * window; report the answer as {@link Observation.Compacted}, or a rejection as too long as
     * {@link Observation.TooLong} with {@code summarising} set. The request carries the same system
     * instructions and tools as the others, so a provider's prompt cache still serves its prefix.
     *
     * @param turn the request's number, from 1
     * @param messages the messages to send: those of the request that would not fit, then the question
     * @param settings the settings of this request
     */
    record Compact(int turn, List<Message> messages, ModelSettings settings) implements Step {
    }

    /**
     * Run these calls, at once where they may; report their results as {@link Observation.ToolsRan}.
     *
     * @param calls the calls, in the order the model asked for them
     */
    record RunCalls(List<ToolCall> calls) implements Step {
    }

    /**
     * Get a decision on each of these calls; report each as {@link Observation.ApprovalAnswered}.
     *
     * @param calls the calls that wait, in the order the model asked for them
     */
    record AwaitApprovals(List<ToolCall> calls) implements Step {
    }

    /**
     * The run is over.
     *
     * @param outcome how it ended
     * @param detail why it ended without an answer, for people; null when it answered
     */
    record Finish(RunOutcome outcome, String detail) implements Step {
    }
}
