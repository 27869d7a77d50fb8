package dev.corvid.openai;

import static dev.corvid.openai.TextCallRuns.of;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.corvid.openai.ModelProfile.TextToolCalls;
import dev.corvid.openai.TextCallRuns.Call;
import dev.corvid.openai.TextCallRuns.Case;
import dev.corvid.openai.TextCallRuns.Mode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HermesCallsTest {

    static final List<Case> CASES = List.of(
            of("a call's arguments object is recovered",
                    "<tool_call>\n{\"name\": \"search\", \"arguments\": {\"query\": \"rust borrow\", \"limit\": 5}}\n</tool_call>",
                    null, Call.of("search", "{\"query\":\"rust borrow\",\"limit\":5}")),
            of("several calls in one message are recovered in order, with the text around them",
                    "Two lookups.\n<tool_call>\n{\"name\": \"search\", \"arguments\": {\"query\": \"a\"}}\n</tool_call>\n"
                            + "<tool_call>\n{\"name\": \"fetch\", \"arguments\": {\"url\": \"b\"}}\n</tool_call>\nWaiting.",
                    "Two lookups.\nWaiting.", Call.of("search", "{\"query\":\"a\"}"), Call.of("fetch", "{\"url\":\"b\"}")),
            of("arguments given as a string holding the object are taken as that object's text",
                    "<tool_call>{\"name\": \"fetch\", \"arguments\": \"{\\\"url\\\": \\\"x\\\"}\"}</tool_call>",
                    null, Call.of("fetch", "{\"url\": \"x\"}")),
            of("parameters is taken for arguments",
                    "<tool_call>{\"parameters\": {\"n\": 1}, \"name\": \"count\"}</tool_call>",
                    null, Call.of("count", "{\"n\":1}")),
            of("braces and tags inside strings do not end the call",
                    "<tool_call>{\"name\": \"run\", \"arguments\": {\"code\": \"if (x) { y(\\\"}\\\"); } </tool_call>\"}}"
                            + "</tool_call>",
                    null, Call.of("run", "{\"code\":\"if (x) { y(\\\"}\\\"); } </tool_call>\"}")),
            of("a call without arguments takes none",
                    "<tool_call>{\"name\": \"now\"}</tool_call>", null, Call.of("now", "{}")),
            of("a missing </tool_call> at the end of the output still gives the call",
                    "Checking.<tool_call>{\"name\": \"now\", \"arguments\": {}}", "Checking.", Call.of("now", "{}")),
            of("a missing </tool_call> before more text ends the call with its object",
                    "<tool_call>{\"name\": \"now\", \"arguments\": {}}\nThat is all.", "That is all.", Call.of("now", "{}")),
            of("a call cut off by the end of the stream gives its name and what arrived of its arguments",
                    "<tool_call>{\"name\": \"search\", \"arguments\": {\"query\": \"par",
                    null, Call.of("search", "{\"query\": \"par")),
            of("arguments that are not valid JSON are passed on as written, for the loop to repair or report",
                    "<tool_call>{\"name\": \"flag\", \"arguments\": {'on': True}}</tool_call>",
                    null, Call.of("flag", "{'on': True}")),
            of("a <tool_call> named in prose is not a call and stays text",
                    "Models wrap calls in `<tool_call>` tags, like <tool_call> this.",
                    "Models wrap calls in `<tool_call>` tags, like <tool_call> this."),
            of("an object without a name still gives a call, which the loop reports as unknown",
                    "<tool_call>{\"arguments\": {\"a\": 1}}</tool_call>",
                    null, Call.of(TextCalls.MISSING_NAME, "{\"a\":1}")),
            of("text without markup is only trimmed", "\nPlain answer with {braces}.\n\n", "Plain answer with {braces}."));

    static Stream<Arguments> cases() {
        return TextCallRuns.everyWay(CASES);
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("cases")
    void hermesCallsAreRecoveredTheSameWholeAndStreamed(Case expected, Mode mode) {
        TextCallRuns.check(TextToolCalls.HERMES_JSON, TextCalls.Context.EMPTY, expected, mode);
    }

    @Test
    void aCallIsHeardAsSoonAsItsObjectAndCloseArrive() {
        Heard heard = new Heard();
        ResponseReader reader = TextCallRuns.reader(ModelProfiles.QWEN25_CODER, TextCalls.Context.EMPTY, heard);
        TextCallRuns.accept(reader, TextCallRuns.chunk("<tool_call>{\"name\": \"now\", \"arguments\": {}", null));
        assertEquals(List.of(), heard.calls);
        TextCallRuns.accept(reader, TextCallRuns.chunk("}</tool_call>", null));
        assertEquals(List.of("now"), heard.callNames());
        TextCallRuns.accept(reader, TextCallRuns.chunk("", "stop"));
        assertEquals(heard.calls, reader.finish().message().toolCalls());
    }
}
