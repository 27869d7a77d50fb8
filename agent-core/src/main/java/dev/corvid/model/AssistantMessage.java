package dev.corvid.model;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What the model said in one turn: text, tool calls, or both.
 *
 * @param text the answer text; null when the model only called tools
 * @param reasoning the model's reasoning text, kept apart from the answer; null when none was sent
 * @param refusal the model's refusal text, when it declined to answer; usually null
 * @param toolCalls the tools the model wants to run, in order; never null
 * @param extra fields the provider sent with the message that Corvid does not model, kept so they can be
 *     sent back (some providers require them in later requests); never null
 */
public record AssistantMessage(String text, String reasoning, String refusal, List<ToolCall> toolCalls,
                               Map<String, JsonNode> extra) implements Message {

    /**
     * Copies the lists and maps.
     *
     * @param text the answer text; null when the model only called tools
     * @param reasoning the model's reasoning text, kept apart from the answer; null when none was sent
     * @param refusal the model's refusal text, when it declined to answer; usually null
     * @param toolCalls the tools the model wants to run, in order; never null
     * @param extra fields the provider sent with the message that Corvid does not model, kept so they can be sent back
     *     (some providers require them in later requests); never null
     */
    public AssistantMessage {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        extra = Json.copyOf(extra);
    }

    /**
     * {@return a message holding only text}
     *
     * @param text the answer
     */
    public static AssistantMessage of(String text) {
        return new AssistantMessage(text, null, null, List.of(), Map.of());
    }

    /**
     * {@return a message holding only tool calls}
     *
     * @param toolCalls the calls, in the order the model made them
     */
    public static AssistantMessage ofToolCalls(List<ToolCall> toolCalls) {
        return new AssistantMessage(null, null, null, toolCalls, Map.of());
    }

    /** {@return whether the model asked for at least one tool call} */
    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }

    /**
     * {@return this message with other tool calls and everything else kept}
     *
     * @param calls the calls that replace this message's own
     */
    public AssistantMessage withToolCalls(List<ToolCall> calls) {
        return new AssistantMessage(text, reasoning, refusal, calls, extra);
    }
}
