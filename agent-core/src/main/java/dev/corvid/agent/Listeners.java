package dev.corvid.agent;

import dev.corvid.model.ModelRequest;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.StreamListener;
import dev.corvid.model.ToolCall;
import dev.corvid.tool.ToolResult;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** Several listeners as one; a listener that throws is logged and skipped, never breaking the run. */
final class Listeners implements RunListener, StreamListener {

    private static final System.Logger LOG = System.getLogger(Listeners.class.getName());

    private final RunListener[] listeners;

    Listeners(List<RunListener> listeners) {
        this.listeners = listeners.toArray(new RunListener[0]);
    }

    private void each(Consumer<RunListener> event) {
        for (RunListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "run listener " + listener.getClass().getName() + " failed", e);
            }
        }
    }

    @Override
    public void onModelRequest(int turn, ModelRequest request) {
        each(listener -> listener.onModelRequest(turn, request));
    }

    @Override
    public void onTextDelta(String text) {
        each(listener -> listener.onTextDelta(text));
    }

    @Override
    public void onReasoningDelta(String text) {
        each(listener -> listener.onReasoningDelta(text));
    }

    @Override
    public void onTurnFinished(int turn, ModelResponse response) {
        each(listener -> listener.onTurnFinished(turn, response));
    }

    @Override
    public void onToolCallStarted(ToolCall call) {
        each(listener -> listener.onToolCallStarted(call));
    }

    @Override
    public void onToolCallFinished(ToolCall call, ToolResult result, Duration duration) {
        each(listener -> listener.onToolCallFinished(call, result, duration));
    }

    @Override
    public void onRunFinished(RunResult<?> result) {
        each(listener -> listener.onRunFinished(result));
    }
}
