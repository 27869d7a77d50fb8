package dev.corvid.openai;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.Message;
import dev.corvid.model.ModelRequest;
import dev.corvid.model.ModelSettings;
import dev.corvid.model.ResponseFormat;
import dev.corvid.model.SystemMessage;
import dev.corvid.model.ToolCall;
import dev.corvid.model.ToolChoice;
import dev.corvid.model.ToolMessage;
import dev.corvid.model.Transcript;
import dev.corvid.model.UserMessage;
import dev.corvid.tool.ToolDefinition;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the body of a chat-completions request with Jackson's streaming generator, as the model's
 * profile requires. Tool definitions are serialised once per tool list (an agent passes the same list
 * every turn), not once per request. Thread-safe.
 */
final class RequestWriter {

    /** The content of a tool message written for a call that has none in the history. */
    private static final Pattern JSON_WORD = Pattern.compile("json", Pattern.CASE_INSENSITIVE);
    private static final Set<String> MODELLED = Set.of("role", "content", "tool_calls", "reasoning_content",
            "reasoning", "refusal", "name", "tool_call_id");

    /** The tool list last serialised, and its JSON; compared by identity. */
    private record ToolsJson(List<ToolDefinition> tools, String json) {
    }

    /** A request body: the first {@code length} bytes of {@code bytes}, handed over without a copy. */
    record Body(byte[] bytes, int length) {
    }

    /** A byte buffer that hands over its array instead of copying it. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }

        Body body() {
            return new Body(buf, count);
        }
    }

    private final JsonMapper mapper;
    private final HistoryArguments arguments;
    private final String model;
    private final ModelProfile profile;
    private volatile ToolsJson toolsJson;

    RequestWriter(JsonMapper mapper, String model, ModelProfile profile) {
        this.mapper = mapper;
        this.arguments = new HistoryArguments();
        this.model = model;
        this.profile = profile;
    }

    /**
     * Returns the request body. A tool choice the profile does not accept is left out and replaced by an
     * instruction at the end of the messages.
     */
    Body write(ModelRequest request, boolean stream) {
        String tools = request.tools().isEmpty() ? null : toolsJson(request.tools());
        Buffer bytes = new Buffer(estimatedSize(request, tools));
        ModelSettings settings = request.settings();
        Map<String, Object> extra = settings.extraBody();
        try (JsonGenerator json = mapper.createGenerator(bytes)) {
            json.writeStartObject();
            if (!extra.containsKey("model")) {
                json.writeStringProperty("model", model);
            }
            json.writeName("messages");
            json.writeStartArray();
            writeMessages(json, request.messages());
            ResponseFormat format = settings.responseFormat();
            if (format != null && format.type() == ResponseFormat.Type.JSON_OBJECT && !extra.containsKey("response_format")
                    && !mentionsJson(request.messages())) {
                // DashScope and OpenAI refuse json_object unless the messages ask for JSON by name.
                writeNote(json, "system", "Reply with a JSON object.");
            }
            ToolChoice choice = settings.toolChoice();
            String note = choice != null && !profile.accepts(choice) ? instruction(choice) : null;
            if (note != null) {
                writeNote(json, "user", note);
            }
            json.writeEndArray();
            if (!request.tools().isEmpty() && !extra.containsKey("tools")) {
                json.writeName("tools");
                json.writeRawValue(tools);
            }
            if (choice != null && note == null && !extra.containsKey("tool_choice")) {
                writeToolChoice(json, choice);
            }
            if (settings.parallelToolCalls() != null && profile.parallelToolCalls() && !request.tools().isEmpty()
                    && !extra.containsKey("parallel_tool_calls")) {
                json.writeBooleanProperty("parallel_tool_calls", settings.parallelToolCalls());
            }
            writeSettings(json, settings, extra);
            if (!stream && profile.thinkingSwitch() && !extra.containsKey("enable_thinking")) {
                json.writeBooleanProperty("enable_thinking", false);
            }
            if (stream && !extra.containsKey("stream")) {
                json.writeBooleanProperty("stream", true);
                if (!extra.containsKey("stream_options")) {
                    json.writeName("stream_options");
                    json.writeStartObject();
                    json.writeBooleanProperty("include_usage", true);
                    json.writeEndObject();
                }
            }
            for (Map.Entry<String, Object> field : extra.entrySet()) {
                json.writeName(field.getKey());
                json.writePOJO(field.getValue());
            }
            json.writeEndObject();
        }
        return bytes.body();
    }

    /**
     * Returns about how many bytes a request's body takes, so that its buffer is made once, in one size,
     * rather than grown by copies: the characters of its messages and tools, plus a margin for the JSON
     * around them and for escapes. Text outside ASCII takes more bytes than characters and may grow it once.
     */
    private static int estimatedSize(ModelRequest request, String tools) {
        long chars = 128 + (tools == null ? 0 : tools.length());
        for (Message message : request.messages()) {
            chars += 48 + charsOf(message);
        }
        return (int) Math.min(Integer.MAX_VALUE - 64, chars + chars / 16);
    }

    private static long charsOf(Message message) {
        if (message instanceof SystemMessage system) {
            return length(system.text());
        }
        if (message instanceof UserMessage user) {
            long chars = length(user.text());
            for (String url : user.imageUrls()) {
                chars += 64 + url.length();
            }
            return chars;
        }
        if (message instanceof AssistantMessage assistant) {
            long chars = length(assistant.text()) + length(assistant.reasoning());
            for (ToolCall call : assistant.toolCalls()) {
                chars += 64 + length(call.id()) + length(call.name()) + length(call.arguments());
            }
            return chars;
        }
        ToolMessage tool = (ToolMessage) message;
        return length(tool.toolCallId()) + length(tool.toolName()) + length(tool.content());
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    /** Returns the instruction that stands in for a tool choice the model does not accept. */
    static String instruction(ToolChoice choice) {
        return switch (choice.mode()) {
            case REQUIRED -> "Answer by calling one of the available tools now.";
            case TOOL -> "Answer by calling the tool `" + choice.toolName() + "` now.";
            case NONE -> "Answer in text; do not call any tool.";
            case AUTO -> null;
        };
    }

    private String toolsJson(List<ToolDefinition> tools) {
        ToolsJson cached = toolsJson;
        if (cached != null && cached.tools() == tools) {
            return cached.json();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512 * tools.size());
        try (JsonGenerator json = mapper.createGenerator(bytes)) {
            json.writeStartArray();
            for (ToolDefinition tool : tools) {
                json.writeStartObject();
                json.writeStringProperty("type", "function");
                json.writeName("function");
                json.writeStartObject();
                json.writeStringProperty("name", tool.name());
                if (!tool.description().isEmpty()) {
                    json.writeStringProperty("description", tool.description());
                }
                json.writeName("parameters");
                json.writeTree(SchemaSanitizer.sanitise(tool.parameters(), profile.schemaDialect()));
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        String json = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        toolsJson = new ToolsJson(tools, json);
        return json;
    }

    /** Writes the messages, repaired so that every tool call has exactly one tool message after it. */
    private void writeMessages(JsonGenerator json, List<Message> messages) {
        for (Message message : Transcript.repaired(messages)) {
            writeMessage(json, message);
        }
    }

    private static void writeNote(JsonGenerator json, String role, String text) {
        json.writeStartObject();
        json.writeStringProperty("role", role);
        json.writeStringProperty("content", text);
        json.writeEndObject();
    }

    /** Returns whether any message's text holds the word "json", in any case. */
    private static boolean mentionsJson(List<Message> messages) {
        for (Message message : messages) {
            String text = message instanceof SystemMessage system ? system.text()
                    : message instanceof UserMessage user ? user.text()
                    : message instanceof AssistantMessage assistant ? assistant.text()
                    : ((ToolMessage) message).content();
            if (text != null && JSON_WORD.matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    private void writeMessage(JsonGenerator json, Message message) {
        json.writeStartObject();
        if (message instanceof SystemMessage system) {
            json.writeStringProperty("role", "system");
            json.writeStringProperty("content", system.text());
        } else if (message instanceof UserMessage user) {
            json.writeStringProperty("role", "user");
            if (user.imageUrls().isEmpty()) {
                json.writeStringProperty("content", user.text());
            } else {
                json.writeName("content");
                json.writeStartArray();
                json.writeStartObject();
                json.writeStringProperty("type", "text");
                json.writeStringProperty("text", user.text());
                json.writeEndObject();
                for (String url : user.imageUrls()) {
                    json.writeStartObject();
                    json.writeStringProperty("type", "image_url");
                    json.writeName("image_url");
                    json.writeStartObject();
                    json.writeStringProperty("url", url);
                    json.writeEndObject();
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
        } else if (message instanceof AssistantMessage assistant) {
            writeAssistant(json, assistant);
        } else if (message instanceof ToolMessage tool) {
            json.writeStringProperty("role", "tool");
            json.writeStringProperty("tool_call_id", tool.toolCallId());
            if (profile.toolMessageName()) {
                json.writeStringProperty("name", tool.toolName());
            }
            json.writeStringProperty("content", tool.content());
        }
        json.writeEndObject();
    }

    private void writeAssistant(JsonGenerator json, AssistantMessage assistant) {
        json.writeStringProperty("role", "assistant");
        String text = assistant.text();
        if (text != null && !text.isEmpty()) {
            json.writeStringProperty("content", text);
        } else if (assistant.hasToolCalls() && profile.emptyContent() == ModelProfile.EmptyContent.NULL) {
            json.writeNullProperty("content");
        } else {
            json.writeStringProperty("content", "");
        }
        if (profile.reasoningInHistory() && assistant.reasoning() != null) {
            json.writeStringProperty("reasoning_content", assistant.reasoning());
        }
        if (assistant.hasToolCalls()) {
            json.writeName("tool_calls");
            json.writeStartArray();
            for (ToolCall call : assistant.toolCalls()) {
                json.writeStartObject();
                json.writeStringProperty("id", call.id());
                json.writeStringProperty("type", "function");
                json.writeName("function");
                json.writeStartObject();
                json.writeStringProperty("name", call.name());
                json.writeStringProperty("arguments", arguments.valid(call.arguments()));
                json.writeEndObject();
                for (Map.Entry<String, JsonNode> field : call.extra().entrySet()) {
                    if (!field.getKey().equals("index")) {
                        json.writeName(field.getKey());
                        json.writeTree(field.getValue());
                    }
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        for (Map.Entry<String, JsonNode> field : assistant.extra().entrySet()) {
            if (!MODELLED.contains(field.getKey())) {
                json.writeName(field.getKey());
                json.writeTree(field.getValue());
            }
        }
    }

    private static void writeToolChoice(JsonGenerator json, ToolChoice choice) {
        switch (choice.mode()) {
            case AUTO -> json.writeStringProperty("tool_choice", "auto");
            case NONE -> json.writeStringProperty("tool_choice", "none");
            case REQUIRED -> json.writeStringProperty("tool_choice", "required");
            case TOOL -> {
                json.writeName("tool_choice");
                json.writeStartObject();
                json.writeStringProperty("type", "function");
                json.writeName("function");
                json.writeStartObject();
                json.writeStringProperty("name", choice.toolName());
                json.writeEndObject();
                json.writeEndObject();
            }
        }
    }

    private void writeSettings(JsonGenerator json, ModelSettings settings, Map<String, Object> extra) {
        if (settings.temperature() != null && !extra.containsKey("temperature")) {
            json.writeNumberProperty("temperature", settings.temperature());
        }
        if (settings.topP() != null && !extra.containsKey("top_p")) {
            json.writeNumberProperty("top_p", settings.topP());
        }
        if (settings.maxTokens() != null && !extra.containsKey("max_tokens")) {
            Integer limit = profile.maxOutputTokens();
            json.writeNumberProperty("max_tokens", limit != null ? Math.min(settings.maxTokens(), limit)
                    : settings.maxTokens());
        }
        if (settings.seed() != null && !extra.containsKey("seed")) {
            json.writeNumberProperty("seed", settings.seed());
        }
        if (!settings.stop().isEmpty() && !extra.containsKey("stop")) {
            json.writeName("stop");
            json.writeStartArray();
            for (String stop : settings.stop()) {
                json.writeString(stop);
            }
            json.writeEndArray();
        }
        ResponseFormat format = settings.responseFormat();
        if (format != null && !extra.containsKey("response_format")) {
            json.writeName("response_format");
            json.writeStartObject();
            switch (format.type()) {
                case TEXT -> json.writeStringProperty("type", "text");
                case JSON_OBJECT -> json.writeStringProperty("type", "json_object");
                case JSON_SCHEMA -> {
                    json.writeStringProperty("type", "json_schema");
                    json.writeName("json_schema");
                    json.writeStartObject();
                    json.writeStringProperty("name", format.name());
                    json.writeName("schema");
                    json.writeTree(SchemaSanitizer.sanitise(format.schema(), profile.schemaDialect()));
                    if (profile.schemaDialect() != ModelProfile.SchemaDialect.GEMINI) {
                        json.writeBooleanProperty("strict", format.strict());
                    }
                    json.writeEndObject();
                }
            }
            json.writeEndObject();
        }
    }
}
