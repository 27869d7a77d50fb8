package dev.corvid.openai;

import dev.corvid.model.StreamListener;
import dev.corvid.model.ToolCall;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A stream listener that keeps what it heard: the text, the reasoning and the tool calls, in order. */
final class Heard implements StreamListener {

    final StringBuilder text = new StringBuilder();
    final StringBuilder reasoning = new StringBuilder();
    final List<ToolCall> calls = new CopyOnWriteArrayList<>();

    @Override
    public void onTextDelta(String piece) {
        text.append(piece);
    }

    @Override
    public void onReasoningDelta(String piece) {
        reasoning.append(piece);
    }

    @Override
    public void onToolCall(ToolCall call) {
        calls.add(call);
    }

    /** Returns the names of the calls heard, in order. */
    List<String> callNames() {
        return calls.stream().map(ToolCall::name).toList();
    }
}
