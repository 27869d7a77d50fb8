package dev.corvid.openai;

import static dev.corvid.openai.TextCallRuns.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.corvid.model.ToolCall;
import dev.corvid.openai.ModelProfile.TextToolCalls;
import dev.corvid.openai.TextCallRuns.Call;
import dev.corvid.openai.TextCallRuns.Case;
import dev.corvid.openai.TextCallRuns.Mode;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KimiCallsTest {

    private static final String OBJECT = "{\"type\": \"object\", \"properties\": {}}";
    private static final TextCalls.Context TWO_TOOLS = new TextCalls.Context(
            List.of(TextCallRuns.tool("lookup", OBJECT), TextCallRuns.tool("clock", OBJECT)), Set.of());
    private static final TextCalls.Context ONE_TOOL = new TextCalls.Context(
            List.of(TextCallRuns.tool("clock", OBJECT)), Set.of());

    static final List<Case> CASES = List.of(
            of("a section's calls are recovered with their ids verbatim and the names in them",
                    "Looking.<|tool_calls_section_begin|><|tool_call_begin|>functions.lookup:0<|tool_call_argument_begin|>"
                            + "{\"term\": \"owl\"}<|tool_call_end|><|tool_call_begin|>functions.clock:1"
                            + "<|tool_call_argument_begin|>{}<|tool_call_end|><|tool_calls_section_end|>",
                    "Looking.", new Call("lookup", "{\"term\": \"owl\"}", "functions.lookup:0"),
                    new Call("clock", "{}", "functions.clock:1")),
            of("spaces and newlines around ids and arguments are tolerated",
                    "<|tool_calls_section_begin|>\n<|tool_call_begin|> functions.clock:2 \n<|tool_call_argument_begin|>"
                            + " {\"tz\": \"UTC\"} \n<|tool_call_end|>\n<|tool_calls_section_end|>",
                    null, new Call("clock", "{\"tz\": \"UTC\"}", "functions.clock:2")),
            of("a dotted name is kept whole when it is not a declared tool",
                    "<|tool_calls_section_begin|><|tool_call_begin|>functions.ns.search:0<|tool_call_argument_begin|>{}"
                            + "<|tool_call_end|><|tool_calls_section_end|>",
                    null, new Call("ns.search", "{}", "functions.ns.search:0")),
            of("a dotted name whose last part is a declared tool names that tool",
                    "<|tool_calls_section_begin|><|tool_call_begin|>functions.tools.lookup:0<|tool_call_argument_begin|>{}"
                            + "<|tool_call_end|><|tool_calls_section_end|>",
                    null, new Call("lookup", "{}", "functions.tools.lookup:0")),
            of("an id without the functions prefix still names the tool",
                    "<|tool_calls_section_begin|><|tool_call_begin|>clock:3<|tool_call_argument_begin|>{}<|tool_call_end|>"
                            + "<|tool_calls_section_end|>",
                    null, new Call("clock", "{}", "clock:3")),
            of("an id without a name among several tools is named for the loop to ask again",
                    "<|tool_calls_section_begin|><|tool_call_begin|>functions.:0<|tool_call_argument_begin|>{}"
                            + "<|tool_call_end|><|tool_calls_section_end|>",
                    null, new Call(TextCalls.MISSING_NAME, "{}", "functions.:0")),
            of("a section with no well-formed call leaks no token and keeps the text around it",
                    "Before.<|tool_calls_section_begin|> nothing here <|tool_calls_section_end|>After.",
                    "Before.After."),
            of("stray call tokens outside a section never reach the text",
                    "One<|tool_call_end|> two<|tool_calls_section_end|> three", "One two three"),
            of("a missing end token ends the call where the next one begins",
                    "<|tool_calls_section_begin|><|tool_call_begin|>functions.lookup:0<|tool_call_argument_begin|>{\"a\": 1}"
                            + "<|tool_call_begin|>functions.clock:1<|tool_call_argument_begin|>{}<|tool_call_end|>"
                            + "<|tool_calls_section_end|>",
                    null, new Call("lookup", "{\"a\": 1}", "functions.lookup:0"),
                    new Call("clock", "{}", "functions.clock:1")),
            of("a section cut off by the end of the stream gives the call with what arrived",
                    "<|tool_calls_section_begin|><|tool_call_begin|>functions.lookup:0<|tool_call_argument_begin|>{\"term\":",
                    null, new Call("lookup", "{\"term\":", "functions.lookup:0")),
            of("a missing section end at the end of the output still gives the call",
                    "<|tool_calls_section_begin|><|tool_call_begin|>functions.clock:0<|tool_call_argument_begin|>{}"
                            + "<|tool_call_end|>",
                    null, new Call("clock", "{}", "functions.clock:0")),
            of("a call without a section is recovered and the text after it kept",
                    "<|tool_call_begin|>functions.clock:0<|tool_call_argument_begin|>{}<|tool_call_end|> Then I answer.",
                    "Then I answer.", new Call("clock", "{}", "functions.clock:0")),
            of("the singular spelling of the section token is read too",
                    "<|tool_call_section_begin|><|tool_call_begin|>functions.clock:0<|tool_call_argument_begin|>{}"
                            + "<|tool_call_end|><|tool_call_section_end|>Done.",
                    "Done.", new Call("clock", "{}", "functions.clock:0")),
            of("a repeated id within one reply gets a fresh one",
                    "<|tool_calls_section_begin|><|tool_call_begin|>functions.clock:0<|tool_call_argument_begin|>{}"
                            + "<|tool_call_end|><|tool_call_begin|>functions.clock:0<|tool_call_argument_begin|>{}"
                            + "<|tool_call_end|><|tool_calls_section_end|>",
                    null, new Call("clock", "{}", "functions.clock:0"), Call.of("clock", "{}")),
            of("a pipe or angle bracket in plain text stays text", "a <| b |> c < d", "a <| b |> c < d"));

    static Stream<Arguments> cases() {
        return TextCallRuns.everyWay(CASES);
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("cases")
    void kimiCallsAreRecoveredTheSameWholeAndStreamed(Case expected, Mode mode) {
        TextCallRuns.check(TextToolCalls.KIMI_TOKENS, TWO_TOOLS, expected, mode);
    }

    @ParameterizedTest
    @MethodSource("modes")
    void anIdWithoutANameNamesTheOnlyDeclaredTool(Mode mode) {
        TextCallRuns.check(TextToolCalls.KIMI_TOKENS, ONE_TOOL, of("the only tool is unambiguous",
                "<|tool_calls_section_begin|><|tool_call_begin|>:0<|tool_call_argument_begin|>{}<|tool_call_end|>"
                        + "<|tool_calls_section_end|>", null, new Call("clock", "{}", ":0")), mode);
    }

    @ParameterizedTest
    @MethodSource("modes")
    void anIdTheTranscriptAlreadyUsedIsReplaced(Mode mode) {
        TextCalls.Context used = new TextCalls.Context(ONE_TOOL.tools(), Set.of("functions.clock:0"));
        TextCallRuns.Run run = TextCallRuns.run(TextToolCalls.KIMI_TOKENS, used, "<|tool_call_begin|>functions.clock:0"
                + "<|tool_call_argument_begin|>{}<|tool_call_end|>", mode);
        ToolCall call = run.response().message().toolCalls().get(0);
        assertEquals("clock", call.name());
        assertNotEquals("functions.clock:0", call.id());
    }

    static Stream<Mode> modes() {
        return Stream.of(Mode.values());
    }

    @Test
    void aCallIsHeardAsSoonAsItsEndTokenArrives() {
        Heard heard = new Heard();
        ResponseReader reader = TextCallRuns.reader(ModelProfiles.KIMI_K2, TWO_TOOLS, heard);
        TextCallRuns.accept(reader, TextCallRuns.chunk("<|tool_calls_section_begin|><|tool_call_begin|>functions.clock:0"
                + "<|tool_call_argument_begin|>{}", null));
        assertEquals(List.of(), heard.calls);
        TextCallRuns.accept(reader, TextCallRuns.chunk("<|tool_call_end|>", null));
        assertEquals(List.of("functions.clock:0"), heard.calls.stream().map(ToolCall::id).toList());
        TextCallRuns.accept(reader, TextCallRuns.chunk("<|tool_calls_section_end|>", "stop"));
        assertEquals(heard.calls, reader.finish().message().toolCalls());
    }
}
