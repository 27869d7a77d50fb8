package dev.corvid.otel;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.FinishReason;
import dev.corvid.model.Message;
import dev.corvid.model.SystemMessage;
import dev.corvid.model.ToolCall;
import dev.corvid.model.ToolMessage;
import dev.corvid.model.UserMessage;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Messages as the JSON the GenAI conventions define for {@code gen_ai.input.messages} and
 * {@code gen_ai.output.messages}: a role and a list of typed parts. Recorded only when the user opts in.
 */
final class Content {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Content() {
    }

    /** Returns the messages sent to the model, in order, as a JSON array. */
    static String input(List<Message> messages) {
        ArrayNode array = JSON.createArrayNode();
        for (Message message : messages) {
            ObjectNode node = array.addObject();
            ArrayNode parts;
            if (message instanceof SystemMessage system) {
                node.put("role", "system");
                text(node.putArray("parts"), system.text());
            } else if (message instanceof UserMessage user) {
                node.put("role", "user");
                parts = node.putArray("parts");
                text(parts, user.text());
                for (String url : user.imageUrls()) {
                    parts.addObject().put("type", "uri").put("modality", "image").put("uri", url);
                }
            } else if (message instanceof AssistantMessage assistant) {
                node.put("role", "assistant");
                assistantParts(node.putArray("parts"), assistant);
            } else if (message instanceof ToolMessage tool) {
                node.put("role", "tool");
                node.putArray("parts").addObject().put("type", "tool_call_response").put("id", tool.toolCallId())
                        .set("response", structured(tool.content()));
            }
        }
        return array.toString();
    }

    /** Returns the model's answer as a JSON array of one output message. */
    static String output(AssistantMessage message, FinishReason reason) {
        ArrayNode array = JSON.createArrayNode();
        ObjectNode node = array.addObject().put("role", "assistant");
        assistantParts(node.putArray("parts"), message);
        node.put("finish_reason", GenAi.finishReason(reason));
        return array.toString();
    }

    /** Returns a tool call's arguments as recorded: the JSON the model sent, or a JSON string of it when malformed. */
    static String arguments(String arguments) {
        return structured(arguments).toString();
    }

    private static void assistantParts(ArrayNode parts, AssistantMessage message) {
        if (message.reasoning() != null && !message.reasoning().isEmpty()) {
            parts.addObject().put("type", "reasoning").put("content", message.reasoning());
        }
        text(parts, message.text());
        if (message.refusal() != null && !message.refusal().isEmpty()) {
            parts.addObject().put("type", "refusal").put("content", message.refusal());
        }
        for (ToolCall call : message.toolCalls()) {
            parts.addObject().put("type", "tool_call").put("id", call.id()).put("name", call.name())
                    .set("arguments", structured(call.arguments()));
        }
    }

    private static void text(ArrayNode parts, String text) {
        if (text != null && !text.isEmpty()) {
            parts.addObject().put("type", "text").put("content", text);
        }
    }

    /** The conventions want objects where the text is JSON; anything else stays a string. */
    private static JsonNode structured(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                return JSON.readTree(trimmed);
            } catch (JacksonException e) {
                // not JSON after all: recorded as the text it is
            }
        }
        return JSON.getNodeFactory().stringNode(text == null ? "" : text);
    }
}
