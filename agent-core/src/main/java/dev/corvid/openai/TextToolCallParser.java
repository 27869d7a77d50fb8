package dev.corvid.openai;

import dev.corvid.model.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Recovers tool calls that a misconfigured server left in the text of a reply, in the formats of the
 * models that write them, and strips the markup so it never reaches the user's answer.
 */
final class TextToolCallParser {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Pattern QWEN_BLOCK = Pattern.compile(
            "(?:<tool_call>\\s*)?<function=([^>\\n]+)>(.*?)</function>(?:\\s*</tool_call>)?", Pattern.DOTALL);
    private static final Pattern QWEN_PARAMETER = Pattern.compile("<parameter=([^>\\n]+)>(.*?)</parameter>",
            Pattern.DOTALL);
    private static final Pattern KIMI_SECTION = Pattern.compile(
            "<\\|tool_calls_section_begin\\|>(.*?)(?:<\\|tool_calls_section_end\\|>|$)", Pattern.DOTALL);
    private static final Pattern KIMI_CALL = Pattern.compile(
            "<\\|tool_call_begin\\|>\\s*(.+?)\\s*<\\|tool_call_argument_begin\\|>(.*?)<\\|tool_call_end\\|>",
            Pattern.DOTALL);

    /** What was recovered from one text: the calls, and the text without their markup (null when none is left). */
    record Recovered(List<ToolCall> calls, String text) {
    }

    private TextToolCallParser() {
    }

    /**
     * Recovers the calls written in the text, or returns null when the text holds none, so that the common
     * case costs one {@code contains} check.
     */
    static Recovered recover(String text, ModelProfile.TextToolCalls format) {
        if (text == null || format == ModelProfile.TextToolCalls.NONE) {
            return null;
        }
        return switch (format) {
            case QWEN_XML -> text.contains("<function=") ? qwen(text) : null;
            case KIMI_TOKENS -> text.contains("<|tool_call_begin|>") ? kimi(text) : null;
            case NONE -> null;
        };
    }

    private static Recovered qwen(String text) {
        List<ToolCall> calls = new ArrayList<>();
        Matcher block = QWEN_BLOCK.matcher(text);
        while (block.find()) {
            ObjectNode arguments = JSON.createObjectNode();
            Matcher parameter = QWEN_PARAMETER.matcher(block.group(2));
            while (parameter.find()) {
                arguments.set(parameter.group(1).strip(), value(trimNewlines(parameter.group(2))));
            }
            calls.add(ToolCall.of("", block.group(1).strip(), arguments.toString()));
        }
        if (calls.isEmpty()) {
            return null;
        }
        return new Recovered(calls, rest(QWEN_BLOCK.matcher(text).replaceAll("")));
    }

    private static Recovered kimi(String text) {
        List<ToolCall> calls = new ArrayList<>();
        Matcher call = KIMI_CALL.matcher(text);
        while (call.find()) {
            String id = call.group(1).strip();
            calls.add(ToolCall.of(id, nameFromKimiId(id), call.group(2).strip()));
        }
        if (calls.isEmpty()) {
            return null;
        }
        String rest = KIMI_SECTION.matcher(text).replaceAll("");
        rest = KIMI_CALL.matcher(rest).replaceAll("");
        return new Recovered(calls, rest(rest));
    }

    /** Kimi's ids look like {@code functions.get_weather:0}; the name sits between the prefix and the index. */
    static String nameFromKimiId(String id) {
        String name = id.startsWith("functions.") ? id.substring("functions.".length()) : id;
        int colon = name.lastIndexOf(':');
        return colon > 0 ? name.substring(0, colon) : name;
    }

    /** A parameter's text is JSON when it reads as JSON (numbers, booleans, objects); otherwise a string. */
    private static JsonNode value(String raw) {
        String trimmed = raw.strip();
        if (!trimmed.isEmpty() && (trimmed.startsWith("{") || trimmed.startsWith("[") || trimmed.equals("true")
                || trimmed.equals("false") || trimmed.equals("null") || isNumber(trimmed))) {
            try {
                return JSON.readTree(trimmed);
            } catch (JacksonException notJson) {
                // fall through: the model meant text that only looks like JSON
            }
        }
        return JSON.getNodeFactory().stringNode(raw);
    }

    private static boolean isNumber(String text) {
        char first = text.charAt(0);
        return (first == '-' || Character.isDigit(first)) && text.chars().allMatch(c -> Character.isDigit(c)
                || c == '.' || c == '-' || c == 'e' || c == 'E' || c == '+');
    }

    private static String trimNewlines(String value) {
        int start = value.startsWith("\n") ? 1 : 0;
        int end = value.endsWith("\n") && value.length() > start ? value.length() - 1 : value.length();
        return value.substring(start, end);
    }

    private static String rest(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? null : stripped;
    }
}
