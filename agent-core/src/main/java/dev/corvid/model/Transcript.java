package dev.corvid.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a transcript into JSON and back, so a conversation can be saved and resumed later, and repairs
 * the pairing of tool calls and results that providers insist on.
 *
 * <p>The JSON is an array of messages in the shape of OpenAI's chat messages ({@code role},
 * {@code content}, {@code tool_calls}, {@code tool_call_id}, ...), plus {@code reasoning_content} for
 * reasoning and {@code is_error} on failed tool results. Fields a provider sent that Corvid does not model
 * are written back as they came. Thread-safe.
 */
public final class Transcript {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> ASSISTANT_FIELDS = Set.of("role", "content", "reasoning_content", "refusal",
            "tool_calls");
    private static final Set<String> CALL_FIELDS = Set.of("id", "type", "function");

    /** The result given to a tool call that has none: see {@link #repaired(List)}. */
    public static final String NOT_RUN = "Not run: the conversation ended before this call was executed.";

    private Transcript() {
    }

    /**
     * Returns the messages with every tool call answered by exactly one tool message after it, as
     * providers demand: a call left without one (a history cut short, a run stopped among its tools) gets
     * an error result saying {@link #NOT_RUN}, and a tool message that answers no call before it, or
     * answers one twice, is left out.
     *
     * @param messages a transcript; never null
     * @return the same list when it needs no repair, else a repaired copy; the argument is never changed
     */
    public static List<Message> repaired(List<Message> messages) {
        if (isPaired(messages)) {
            return messages;
        }
        List<Message> repaired = new ArrayList<>(messages.size() + 4);
        List<ToolCall> unanswered = null;
        for (Message message : messages) {
            if (message instanceof ToolMessage tool) {
                if (unanswered == null || !removeCall(unanswered, tool.toolCallId())) {
                    continue;
                }
            } else {
                answer(repaired, unanswered);
                unanswered = message instanceof AssistantMessage assistant && assistant.hasToolCalls()
                        ? new ArrayList<>(assistant.toolCalls()) : null;
            }
            repaired.add(message);
        }
        answer(repaired, unanswered);
        return repaired;
    }

    /** Returns whether each call has one tool message among those right after its message, and no other exists. */
    private static boolean isPaired(List<Message> messages) {
        int size = messages.size();
        for (int i = 0; i < size; i++) {
            Message message = messages.get(i);
            if (message instanceof ToolMessage) {
                return false; // answers no call of an assistant message right before it
            }
            if (message instanceof AssistantMessage assistant && assistant.hasToolCalls()) {
                List<ToolCall> calls = assistant.toolCalls();
                int answers = 0;
                while (i + 1 < size && messages.get(i + 1) instanceof ToolMessage tool) {
                    if (!answersOnce(calls, tool.toolCallId(), messages, i + 1 - answers, i + 1)) {
                        return false;
                    }
                    answers++;
                    i++;
                }
                if (answers != calls.size()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Returns whether a call of that id exists and no tool message in [from, to) answered it already. */
    private static boolean answersOnce(List<ToolCall> calls, String id, List<Message> messages, int from, int to) {
        boolean known = false;
        for (ToolCall call : calls) {
            if (call.id().equals(id)) {
                known = true;
                break;
            }
        }
        for (int j = from; j < to && known; j++) {
            if (((ToolMessage) messages.get(j)).toolCallId().equals(id)) {
                return false;
            }
        }
        return known;
    }

    private static boolean removeCall(List<ToolCall> calls, String id) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).id().equals(id)) {
                calls.remove(i);
                return true;
            }
        }
        return false;
    }

    private static void answer(List<Message> repaired, List<ToolCall> unanswered) {
        if (unanswered != null) {
            for (ToolCall call : unanswered) {
                repaired.add(new ToolMessage(call.id(), call.name(), NOT_RUN, true));
            }
        }
    }

    /**
     * Writes messages as a JSON array.
     *
     * @param messages the transcript; never null
     * @return the JSON text
     */
    public static String toJson(List<Message> messages) {
        ArrayNode array = JSON.createArrayNode();
        for (Message message : messages) {
            array.add(toNode(message));
        }
        return JSON.writeValueAsString(array);
    }

    /**
     * Reads a JSON array written by {@link #toJson(List)}, or sent by an OpenAI-compatible client.
     *
     * @param json the JSON text; never null
     * @return the transcript
     * @throws IllegalArgumentException when the text is not such an array, saying which message is wrong
     */
    public static List<Message> fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("transcript is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("a transcript must be a JSON array of messages");
        }
        List<Message> messages = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            try {
                messages.add(fromNode(root.get(i)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("message " + i + " of the transcript: " + e.getMessage(), e);
            }
        }
        return List.copyOf(messages);
    }

    /**
     * Writes one message as a JSON object on one line, in the shape of one element of {@link #toJson(List)}:
     * the form of a line of a JSONL transcript.
     *
     * @param message the message; never null
     * @return the JSON text, without line breaks
     */
    public static String toJson(Message message) {
        if (message == null) {
            throw new IllegalArgumentException("message must not be null");
        }
        return JSON.writeValueAsString(toNode(message));
    }

    /**
     * Reads one message written by {@link #toJson(Message)}.
     *
     * @param json the JSON object's text; never null
     * @return the message
     * @throws IllegalArgumentException when the text is not such a message, saying what is wrong
     */
    public static Message messageFromJson(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("message is not valid JSON: " + e.getOriginalMessage(), e);
        }
        return fromNode(node);
    }

    private static ObjectNode toNode(Message message) {
        ObjectNode node = JSON.createObjectNode();
        if (message instanceof SystemMessage system) {
            node.put("role", "system");
            node.put("content", system.text());
        } else if (message instanceof UserMessage user) {
            node.put("role", "user");
            if (user.imageUrls().isEmpty()) {
                node.put("content", user.text());
            } else {
                ArrayNode parts = node.putArray("content");
                parts.addObject().put("type", "text").put("text", user.text());
                for (String url : user.imageUrls()) {
                    ObjectNode part = parts.addObject().put("type", "image_url");
                    part.putObject("image_url").put("url", url);
                }
            }
        } else if (message instanceof AssistantMessage assistant) {
            node.put("role", "assistant");
            node.put("content", assistant.text());
            if (assistant.reasoning() != null) {
                node.put("reasoning_content", assistant.reasoning());
            }
            if (assistant.refusal() != null) {
                node.put("refusal", assistant.refusal());
            }
            if (assistant.hasToolCalls()) {
                ArrayNode calls = node.putArray("tool_calls");
                for (ToolCall call : assistant.toolCalls()) {
                    ObjectNode callNode = calls.addObject().put("id", call.id()).put("type", "function");
                    callNode.putObject("function").put("name", call.name()).put("arguments", call.arguments());
                    call.extra().forEach(callNode::set);
                }
            }
            assistant.extra().forEach((key, value) -> {
                if (!ASSISTANT_FIELDS.contains(key)) {
                    node.set(key, value);
                }
            });
        } else if (message instanceof ToolMessage tool) {
            node.put("role", "tool");
            node.put("tool_call_id", tool.toolCallId());
            node.put("name", tool.toolName());
            node.put("content", tool.content());
            if (tool.error()) {
                node.put("is_error", true);
            }
        }
        return node;
    }

    private static Message fromNode(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        String role = text(node, "role");
        if (role == null) {
            throw new IllegalArgumentException("missing \"role\"");
        }
        switch (role) {
            case "system":
            case "developer":
                return new SystemMessage(contentText(node));
            case "user":
                return new UserMessage(contentText(node), imageUrls(node.get("content")));
            case "assistant":
                return assistant(node);
            case "tool":
                return new ToolMessage(required(node, "tool_call_id"), required(node, "name"), contentText(node),
                        node.path("is_error").asBoolean(false));
            default:
                throw new IllegalArgumentException("unknown role \"" + role + "\"");
        }
    }

    private static AssistantMessage assistant(JsonNode node) {
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode callNode : node.path("tool_calls")) {
            JsonNode function = callNode.path("function");
            JsonNode arguments = function.get("arguments");
            String argumentText = arguments == null || arguments.isNull() ? "{}"
                    : arguments.isString() ? arguments.stringValue() : arguments.toString();
            Map<String, JsonNode> extra = new LinkedHashMap<>();
            callNode.properties().forEach(field -> {
                if (!CALL_FIELDS.contains(field.getKey())) {
                    extra.put(field.getKey(), field.getValue());
                }
            });
            calls.add(new ToolCall(required(callNode, "id"), required(function, "name"), argumentText, extra));
        }
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        node.properties().forEach(field -> {
            if (!ASSISTANT_FIELDS.contains(field.getKey())) {
                extra.put(field.getKey(), field.getValue());
            }
        });
        JsonNode content = node.get("content");
        String text = content == null || content.isNull() ? null : contentText(node);
        return new AssistantMessage(text, text(node, "reasoning_content"), text(node, "refusal"), calls, extra);
    }

    private static String contentText(JsonNode node) {
        JsonNode content = node.get("content");
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isString()) {
            return content.stringValue();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if ("text".equals(part.path("type").asString(""))) {
                    text.append(part.path("text").asString(""));
                }
            }
            return text.toString();
        }
        throw new IllegalArgumentException("\"content\" must be a string or an array of parts");
    }

    private static List<String> imageUrls(JsonNode content) {
        if (content == null || !content.isArray()) {
            return List.of();
        }
        List<String> urls = new ArrayList<>();
        for (JsonNode part : content) {
            if ("image_url".equals(part.path("type").asString(""))) {
                urls.add(part.path("image_url").path("url").asString(""));
            }
        }
        return urls;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            throw new IllegalArgumentException("missing \"" + field + "\"");
        }
        return value;
    }
}
