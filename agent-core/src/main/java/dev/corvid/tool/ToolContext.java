package dev.corvid.tool;

import dev.corvid.agent.RunListener;
import dev.corvid.model.Cancellation;

/**
 * What a running tool may know about the run that called it. Declare a parameter of this type on a
 * {@link Tool} method to receive it; it is not part of the tool's schema.
 *
 * @param runId the id of the agent run, unique per run; never null
 * @param toolCallId the provider's id of this call; never null
 * @param cancellation fires when the run is cancelled or the call times out; long-running tools should
 *     check it or register an action on it; never null
 * @param listener the run's listener, for tools that report progress; never null
 */
public record ToolContext(String runId, String toolCallId, Cancellation cancellation, RunListener listener) {

    /**
     * Checks that every field is present.
     *
     * @param runId the id of the agent run, unique per run; never null
     * @param toolCallId the provider's id of this call; never null
     * @param cancellation fires when the run is cancelled or the call times out; long-running tools should check it or
     *     register an action on it; never null
     * @param listener the run's listener, for tools that report progress; never null
     */
    public ToolContext {
        if (runId == null || toolCallId == null || cancellation == null || listener == null) {
            throw new IllegalArgumentException("every field of a tool context is required");
        }
    }

    /** {@return whether the call should stop because the run was cancelled or the call timed out} */
    public boolean isCancelled() {
        return cancellation.isCancelled() || Thread.currentThread().isInterrupted();
    }
}
