package dev.corvid.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.ModelResponse;
import dev.corvid.model.StreamListener;
import dev.corvid.model.ToolCall;
import dev.corvid.tool.ToolDefinition;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs a reply whose content holds text-format tool calls through {@link ResponseReader} three ways - as one whole
 * completion, and as a stream split every character and every 7 characters - and checks each against the same
 * expectation: the calls, the answer text, and that the streamed text equals the final text.
 */
final class TextCallRuns {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ErrorParser ERRORS = new ErrorParser(JSON, null);
    /** Pieces of markup of every format, none of which may reach streamed text unless the answer holds it. */
    private static final List<String> MARKUP = List.of("<tool_call", "</tool_call", "<function=", "</function",
            "<parameter=", "</parameter", "<|tool_call", "<|tool_calls");

    /** How a reply arrives. */
    enum Mode {
        WHOLE(0), EVERY_CHARACTER(1), EVERY_7_CHARACTERS(7);

        final int step;

        Mode(int step) {
            this.step = step;
        }
    }

    /** A call a case expects: its name, its arguments exactly, and its id when the format gives one. */
    record Call(String name, String arguments, String id) {
        static Call of(String name, String arguments) {
            return new Call(name, arguments, null);
        }
    }

    /**
     * One rule's case: what the model wrote, the calls and answer text it must give.
     *
     * @param rule the rule the case checks, as a sentence
     */
    record Case(String rule, String content, List<Call> calls, String text) {
        @Override
        public String toString() {
            return rule;
        }
    }

    /** What one run gave: the response, the text the listener heard, and the calls it heard of, in order. */
    record Run(ModelResponse response, String streamed, List<ToolCall> heard) {
    }

    private TextCallRuns() {
    }

    static Case of(String rule, String content, String text, Call... calls) {
        return new Case(rule, content, List.of(calls), text);
    }

    /** Returns every case in every mode, as arguments of a parameterized test. */
    static Stream<Arguments> everyWay(List<Case> cases) {
        return cases.stream().flatMap(c -> Arrays.stream(Mode.values()).map(mode -> Arguments.of(c, mode)));
    }

    /** Returns a tool whose parameters have the schema's JSON text. */
    static ToolDefinition tool(String name, String schema) {
        return new ToolDefinition(name, "", JSON.readTree(schema));
    }

    /** Runs the content in a mode and checks it against the case. */
    static void check(ModelProfile.TextToolCalls format, TextCalls.Context context, Case expected, Mode mode) {
        Run run = run(format, context, expected.content(), mode);
        List<ToolCall> calls = run.response().message().toolCalls();
        String where = expected.rule() + " [" + mode + "]";
        assertEquals(expected.calls().size(), calls.size(), where + ": calls " + calls);
        Set<String> ids = new HashSet<>(context.usedIds());
        for (int i = 0; i < calls.size(); i++) {
            Call want = expected.calls().get(i);
            ToolCall got = calls.get(i);
            assertEquals(want.name(), got.name(), where + ": name of call " + i);
            assertEquals(want.arguments(), got.arguments(), where + ": arguments of call " + i);
            assertFalse(got.id().isEmpty(), where + ": id of call " + i);
            assertTrue(ids.add(got.id()), where + ": id of call " + i + " is not unique: " + got.id());
            if (want.id() != null) {
                assertEquals(want.id(), got.id(), where + ": id of call " + i);
            }
        }
        assertEquals(expected.text(), run.response().message().text(), where + ": text");
        if (mode != Mode.WHOLE) {
            assertEquals(expected.text() == null ? "" : expected.text(), run.streamed(), where + ": streamed text");
            assertEquals(calls, run.heard(), where + ": calls heard while streaming");
            for (String markup : MARKUP) {
                if (expected.text() == null || !expected.text().contains(markup)) {
                    assertFalse(run.streamed().contains(markup), where + ": markup streamed: " + run.streamed());
                }
            }
        }
    }

    /** Runs a reply's content through the reader in a mode. */
    static Run run(ModelProfile.TextToolCalls format, TextCalls.Context context, String content, Mode mode) {
        ModelProfile profile = ModelProfile.DEFAULT.withTextToolCalls(format);
        if (mode == Mode.WHOLE) {
            ObjectNode body = JSON.createObjectNode().put("id", "r");
            body.putArray("choices").addObject().put("finish_reason", "stop").putObject("message")
                    .put("role", "assistant").put("content", content);
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            return new Run(ResponseReader.readCompletion(bytes, profile, ERRORS, JSON, context), "", List.of());
        }
        Heard heard = new Heard();
        ResponseReader reader = reader(profile, context, heard);
        for (int at = 0; at < content.length(); at += mode.step) {
            accept(reader, chunk(content.substring(at, Math.min(content.length(), at + mode.step)), null));
        }
        accept(reader, chunk(null, "stop"));
        return new Run(reader.finish(), heard.text.toString(), heard.calls);
    }

    /** Returns a reader of a stream for the profile, telling the listener what it reads. */
    static ResponseReader reader(ModelProfile profile, TextCalls.Context context, StreamListener listener) {
        return new ResponseReader(listener, profile, ERRORS, JSON, context);
    }

    /** Returns the chunk carrying a piece of content, or the finish reason. */
    static String chunk(String content, String finish) {
        ObjectNode chunk = JSON.createObjectNode().put("id", "r");
        ObjectNode choice = chunk.putArray("choices").addObject();
        ObjectNode delta = choice.putObject("delta");
        if (content != null) {
            delta.put("content", content);
        }
        if (finish != null) {
            choice.put("finish_reason", finish);
        }
        return chunk.toString();
    }

    static void accept(ResponseReader reader, String chunk) {
        byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
        reader.accept(bytes, 0, bytes.length);
    }
}
