package dev.corvid.openai;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.FinishReason;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ToolCall;
import dev.corvid.model.Usage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads a {@code chat.completion} body into a {@link ModelResponse}, keeping every message field Corvid
 * does not model, and recovering tool calls written as text when the profile says so. Stateless.
 */
final class ResponseParser {

    /** Message fields read into the model; every other field is kept as an extra. */
    static final Set<String> MESSAGE_FIELDS = Set.of("role", "content", "reasoning_content", "reasoning", "refusal",
            "tool_calls", "function_call");
    private static final Set<String> CALL_FIELDS = Set.of("id", "type", "function", "index");

    private ResponseParser() {
    }

    /** Parses a whole response body; an {@code error} in it is thrown as the matching exception. */
    static ModelResponse parse(JsonNode body, ModelProfile profile, ErrorParser errors) {
        if (body == null || !body.isObject()) {
            throw errors.fromBody(200, body, "the provider's response is not a JSON object");
        }
        if (body.hasNonNull("error")) {
            throw errors.fromBody(200, body, null);
        }
        JsonNode choice = body.path("choices").path(0);
        if (choice.isMissingNode()) {
            throw errors.fromBody(200, body, "the provider's response holds no choices");
        }
        JsonNode message = choice.path("message");
        String finish = text(choice, "finish_reason");
        if ("error".equals(finish)) {
            throw errors.fromBody(200, choice, "the provider ended the response with an error");
        }
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            calls.add(new ToolCall(nonNull(text(call, "id")), nonNull(text(function, "name")),
                    arguments(function.get("arguments")), extras(call, CALL_FIELDS)));
        }
        AssistantMessage assistant = new AssistantMessage(text(message, "content"), reasoning(message),
                text(message, "refusal"), calls, extras(message, MESSAGE_FIELDS));
        return finish(assistant, FinishReason.fromWire(finish), usage(body, choice), text(body, "model"),
                text(body, "id"), profile);
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

    /** Reads usage from the body or, as Moonshot sends it, from the choice; unknown when neither has it. */
    static Usage usage(JsonNode body, JsonNode choice) {
        JsonNode usage = body.get("usage");
        if (usage == null || !usage.isObject()) {
            usage = choice == null ? null : choice.get("usage");
        }
        return usage(usage);
    }

    /** Reads a {@code usage} object; unknown when there is none. */
    static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Usage.UNKNOWN;
        }
        Long cached = number(usage.path("prompt_tokens_details"), "cached_tokens");
        if (cached == null) {
            cached = number(usage, "cached_tokens");
        }
        Long written = number(usage.path("prompt_tokens_details"), "cache_write_tokens");
        return new Usage(number(usage, "prompt_tokens"), number(usage, "completion_tokens"), cached, written,
                number(usage.path("completion_tokens_details"), "reasoning_tokens"));
    }

    /** Arguments arrive as a string, or as an object from some servers; both become JSON text. */
    static String arguments(JsonNode arguments) {
        if (arguments == null || arguments.isNull()) {
            return "{}";
        }
        return arguments.isString() ? arguments.stringValue() : arguments.toString();
    }

    static String reasoning(JsonNode message) {
        String reasoning = text(message, "reasoning_content");
        return reasoning != null ? reasoning : text(message, "reasoning");
    }

    static Map<String, JsonNode> extras(JsonNode node, Set<String> modelled) {
        Map<String, JsonNode> extra = null;
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!modelled.contains(field.getKey()) && !field.getValue().isNull()) {
                if (extra == null) {
                    extra = new LinkedHashMap<>();
                }
                extra.put(field.getKey(), field.getValue());
            }
        }
        return extra == null ? Map.of() : extra;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isString() ? value.stringValue() : value.isValueNode() ? value.asString() : null;
    }

    private static Long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isNumber() ? value.asLong() : null;
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
