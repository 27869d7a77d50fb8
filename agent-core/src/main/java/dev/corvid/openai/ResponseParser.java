package dev.corvid.openai;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.FinishReason;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.Usage;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What every response goes through once {@link ResponseReader} has read it, streamed or whole: tool calls
 * written as text recovered when the profile says so, and the finish reason fitted to the message; and the
 * reading of scalar fields of error bodies. Stateless.
 */
final class ResponseParser {

    /** Message fields read into the model; every other field is kept as an extra. */
    static final Set<String> MESSAGE_FIELDS = Set.of("role", "content", "reasoning_content", "reasoning", "refusal",
            "tool_calls", "function_call");

    private ResponseParser() {
    }

    /** Builds the response, recovering text-format tool calls and fixing the finish reason to fit the message. */
    static ModelResponse finish(AssistantMessage message, FinishReason reason, Usage usage, String model, String id,
                                ModelProfile profile) {
        if (!message.hasToolCalls() && profile.textToolCalls() != ModelProfile.TextToolCalls.NONE) {
            message = recoverTextCalls(message, profile.textToolCalls());
        }
        if (message.hasToolCalls() && reason == FinishReason.STOP) {
            reason = FinishReason.TOOL_CALLS;
        }
        return new ModelResponse(message, reason, usage, model, id);
    }

    private static AssistantMessage recoverTextCalls(AssistantMessage message, ModelProfile.TextToolCalls format) {
        TextToolCallParser.Recovered inText = TextToolCallParser.recover(message.text(), format);
        if (inText != null) {
            return new AssistantMessage(inText.text(), message.reasoning(), message.refusal(), inText.calls(),
                    message.extra());
        }
        TextToolCallParser.Recovered inReasoning = TextToolCallParser.recover(message.reasoning(), format);
        if (inReasoning != null) {
            return new AssistantMessage(message.text(), inReasoning.text(), message.refusal(), inReasoning.calls(),
                    message.extra());
        }
        return message;
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
