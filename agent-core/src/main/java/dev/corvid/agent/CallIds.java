package dev.corvid.agent;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ToolCall;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The ids of a turn's calls, made usable: each call's tool message must name exactly its call. */
final class CallIds {

    private CallIds() {
    }

    /** Gives every call an id that is unique in the message, keeping the provider's ids where they are usable. */
    static AssistantMessage usable(AssistantMessage message, int turn) {
        if (!message.hasToolCalls()) {
            return message;
        }
        Set<String> seen = null;
        List<ToolCall> calls = null;
        List<ToolCall> original = message.toolCalls();
        for (int i = 0; i < original.size(); i++) {
            ToolCall call = original.get(i);
            if (original.size() > 1 && seen == null) {
                seen = new HashSet<>();
            }
            if (call.id().isBlank() || (seen != null && !seen.add(call.id()))) {
                if (calls == null) {
                    calls = new ArrayList<>(original);
                }
                String id = "call_" + turn + "_" + i;
                if (seen != null) {
                    seen.add(id);
                }
                calls.set(i, new ToolCall(id, call.name(), call.arguments(), call.extra()));
            }
        }
        return calls == null ? message : message.withToolCalls(calls);
    }
}
