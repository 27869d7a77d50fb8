package dev.corvid.agent;

import dev.corvid.model.ModelRequest;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ToolCall;
import dev.corvid.tool.ToolResult;
import java.time.Duration;

/**
 * Hears what happens during agent runs: requests, streamed text, tool calls and their results, turns.
 *
 * <p>All methods do nothing by default; implement those you need. Tool events of one turn arrive from the
 * threads that run the tools, possibly at the same time, so implementations must be thread-safe. A
 * listener that throws is logged and otherwise ignored: it never breaks a run.
 */
public interface RunListener {

    /** A listener that ignores everything. */
    RunListener NONE = new RunListener() {
    };

    /** Called before each request to the model; {@code turn} counts from 1. */
    default void onModelRequest(int turn, ModelRequest request) {
    }

    /** Called with each piece of answer text the model streams. */
    default void onTextDelta(String text) {
    }

    /** Called with each piece of reasoning text the model streams. */
    default void onReasoningDelta(String text) {
    }

    /** Called when the model's response to a turn is complete, with the tokens it used. */
    default void onTurnFinished(int turn, ModelResponse response) {
    }

    /** Called when a tool call is about to run (after approval). */
    default void onToolCallStarted(ToolCall call) {
    }

    /** Called when a tool call has a result, failed or not, with how long it took. */
    default void onToolCallFinished(ToolCall call, ToolResult result, Duration duration) {
    }

    /** Called once when the run ends with a result. */
    default void onRunFinished(RunResult<?> result) {
    }
}
