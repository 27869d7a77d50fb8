package dev.corvid.openai;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.FinishReason;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.Usage;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What every response goes through once {@link ResponseReader} has read it, streamed or whole: the finish
 * reason fitted to the message (tool calls written as text count, {@link TextCalls} having recovered them); and
 * the reading of scalar fields of error bodies. Stateless.
 */
final class ResponseParser {

    /** Message fields read into the model; every other field is kept as an extra. */
    static final Set<String> MESSAGE_FIELDS = Set.of("role", "content", "reasoning_content", "reasoning", "refusal",
            "tool_calls", "function_call");

    private ResponseParser() {
    }

    /** Builds the response, fixing the finish reason to fit the message. */
    static ModelResponse finish(AssistantMessage message, FinishReason reason, Usage usage, String model, String id,
                                ModelProfile profile) {
        if (message.hasToolCalls() && reason == FinishReason.STOP) {
            reason = FinishReason.TOOL_CALLS;
        }
        return new ModelResponse(message, reason, usage, model, id);
    }

    /** Returns the text of a scalar field, or null when it is missing, null, an object or an array. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isString() ? value.stringValue() : value.isValueNode() ? value.asString() : null;
    }
}
