package dev.corvid.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * The bytes the mock model sends: the tool-calling first turn, serialised once, and the final answer,
 * built from the tool results of each request, as a {@code chat.completion} or as SSE chunks.
 *
 * <p>The streamed replies split tool-call arguments and text over several chunks and send the usage in a
 * last chunk without choices, as OpenAI does with {@code stream_options.include_usage}. Thread-safe.
 */
final class MockReplies {

    static final String WEATHER_CALL_ID = "call_weather_1";
    static final String ADD_CALL_ID = "call_add_1";

    private static final String HEAD = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
            + "\"model\":\"" + Workload.MODEL + "\",\"choices\":[{\"index\":0,\"message\":";
    private static final String CHUNK_HEAD = "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1700000000,\"model\":\"" + Workload.MODEL + "\",\"choices\":";
    private static final String TOOL_USAGE = "{\"prompt_tokens\":92,\"completion_tokens\":41,\"total_tokens\":133}";
    private static final String ANSWER_USAGE = "{\"prompt_tokens\":171,\"completion_tokens\":19,\"total_tokens\":190}";

    /** The first turn as one JSON document. */
    final byte[] toolCallsJson;
    /** The first turn as SSE events, one array per chunk, ending with {@code [DONE]}. */
    final List<byte[]> toolCallsEvents;

    MockReplies() {
        toolCallsJson = utf8(HEAD + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                + toolCall(WEATHER_CALL_ID, "get_weather", "{\"city\": \"Paris\"}") + ","
                + toolCall(ADD_CALL_ID, "add", "{\"a\": 2, \"b\": 3}")
                + "]},\"finish_reason\":\"tool_calls\"}],\"usage\":" + TOOL_USAGE + "}");
        List<byte[]> events = new ArrayList<>();
        events.add(chunk(delta("{\"role\":\"assistant\",\"content\":null}"), null));
        events.add(chunk(delta(toolCallStart(0, WEATHER_CALL_ID, "get_weather")), null));
        for (String piece : List.of("{\"ci", "ty\": \"Pa", "ris\"}")) {
            events.add(chunk(delta(toolCallArguments(0, piece)), null));
        }
        events.add(chunk(delta(toolCallStart(1, ADD_CALL_ID, "add")), null));
        for (String piece : List.of("{\"a\": 2", ", \"b\"", ": 3}")) {
            events.add(chunk(delta(toolCallArguments(1, piece)), null));
        }
        events.add(chunk("[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]", null));
        events.add(chunk("[]", TOOL_USAGE));
        events.add(utf8("data: [DONE]\n\n"));
        toolCallsEvents = List.copyOf(events);
    }

    /** Returns the text of the final answer, built from what the tools returned. */
    static String answerText(String weather, String sum) {
        return "It is " + weather + ", and 2+3=" + sum + ".";
    }

    /** Returns the final answer as one JSON document. */
    byte[] answerJson(String text) {
        return utf8(HEAD + "{\"role\":\"assistant\",\"content\":" + quote(text)
                + "},\"finish_reason\":\"stop\"}],\"usage\":" + ANSWER_USAGE + "}");
    }

    /** Returns the final answer as SSE events, its text split at spaces into a few chunks. */
    List<byte[]> answerEvents(String text) {
        List<byte[]> events = new ArrayList<>();
        events.add(chunk(delta("{\"role\":\"assistant\",\"content\":\"\"}"), null));
        int start = 0;
        int words = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ' && ++words % 3 == 0) {
                events.add(chunk(delta("{\"content\":" + quote(text.substring(start, i + 1)) + "}"), null));
                start = i + 1;
            }
        }
        events.add(chunk(delta("{\"content\":" + quote(text.substring(start)) + "}"), null));
        events.add(chunk("[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]", null));
        events.add(chunk("[]", ANSWER_USAGE));
        events.add(utf8("data: [DONE]\n\n"));
        return events;
    }

    /** Returns an OpenAI-style error body. */
    static byte[] errorJson(String message) {
        return utf8("{\"error\":{\"message\":" + quote(message) + ",\"type\":\"invalid_request_error\"}}");
    }

    /** Joins events into one array, for tests and for writing a whole stream at once. */
    static byte[] join(List<byte[]> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        events.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static String toolCall(String id, String name, String arguments) {
        return "{\"id\":\"" + id + "\",\"type\":\"function\",\"function\":{\"name\":\"" + name + "\",\"arguments\":"
                + quote(arguments) + "}}";
    }

    private static String toolCallStart(int index, String id, String name) {
        return "{\"tool_calls\":[{\"index\":" + index + ",\"id\":\"" + id + "\",\"type\":\"function\",\"function\":"
                + "{\"name\":\"" + name + "\",\"arguments\":\"\"}}]}";
    }

    private static String toolCallArguments(int index, String piece) {
        return "{\"tool_calls\":[{\"index\":" + index + ",\"function\":{\"arguments\":" + quote(piece) + "}}]}";
    }

    private static String delta(String delta) {
        return "[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":null}]";
    }

    private static byte[] chunk(String choices, String usage) {
        return utf8(CHUNK_HEAD + choices + (usage == null ? "" : ",\"usage\":" + usage) + "}\n\n");
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 8).append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, quoted);
        return quoted.append('"').toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
