package dev.corvid.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.corvid.model.ModelResponse;
import dev.corvid.model.ToolCall;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The rules all text-call formats share, as a stream shows them to a listener. */
class TextCallsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Heard heard = new Heard();
    private final StringBuilder text = heard.text;
    private final StringBuilder reasoning = heard.reasoning;

    private ResponseReader reader(ModelProfile profile) {
        return TextCallRuns.reader(profile, TextCalls.Context.EMPTY, heard);
    }

    private static void content(ResponseReader reader, String piece) {
        TextCallRuns.accept(reader, TextCallRuns.chunk(piece, null));
    }

    @Test
    void textIsHeldBackOnlyWhileItMayStillBecomeMarkup() {
        ResponseReader reader = reader(ModelProfiles.QWEN3_CODER);
        content(reader, "Plain words");
        assertEquals("Plain words", text.toString(), "no < in sight: nothing is held");
        content(reader, ", then <tool_c");
        assertEquals("Plain words, then", text.toString(), "a possible opener and the space before it wait");
        content(reader, "ar> went by");
        assertEquals("Plain words, then <tool_car> went by", text.toString(), "released once it cannot be markup");
        content(reader, " <functional");
        assertEquals("Plain words, then <tool_car> went by <functional", text.toString());
    }

    @Test
    void reasoningIsStreamedWithoutMarkupAndItsCallsRecovered() {
        ResponseReader reader = reader(ModelProfiles.QWEN3_CODER);
        String thought = "I need the list.\n<tool_call>\n<function=ls>\n<parameter=dir>\n/tmp\n</parameter>\n</function>\n"
                + "</tool_call>";
        for (int at = 0; at < thought.length(); at += 3) {
            TextCallRuns.accept(reader, "{\"choices\":[{\"delta\":{\"reasoning_content\":"
                    + JSON.writeValueAsString(thought.substring(at, Math.min(thought.length(), at + 3))) + "}}]}");
        }
        TextCallRuns.accept(reader, TextCallRuns.chunk(null, "stop"));
        ModelResponse response = reader.finish();
        assertEquals("I need the list.", reasoning.toString());
        assertEquals("I need the list.", response.message().reasoning());
        assertEquals(List.of("ls"), response.message().toolCalls().stream().map(ToolCall::name).toList());
        assertEquals("{\"dir\":\"/tmp\"}", response.message().toolCalls().get(0).arguments());
        assertEquals(heard.calls, response.message().toolCalls());
    }

    @Test
    void callsInTheReasoningAndTheAnswerOfOneReplyNeverShareAnId() {
        ResponseReader reader = reader(ModelProfiles.KIMI_K2);
        String call = "<|tool_calls_section_begin|><|tool_call_begin|>functions.clock:0<|tool_call_argument_begin|>{}"
                + "<|tool_call_end|><|tool_calls_section_end|>";
        TextCallRuns.accept(reader, "{\"choices\":[{\"delta\":{\"reasoning_content\":" + JSON.writeValueAsString(call)
                + "}}]}");
        content(reader, call);
        TextCallRuns.accept(reader, TextCallRuns.chunk(null, "stop"));
        List<ToolCall> calls = reader.finish().message().toolCalls();
        assertEquals(2, calls.size());
        assertEquals("functions.clock:0", calls.get(0).id());
        assertNotEquals(calls.get(0).id(), calls.get(1).id());
    }

    @Test
    void aProfileWithoutTextCallsPassesEveryPieceOnAtOnceUntouched() {
        ResponseReader reader = reader(ModelProfile.DEFAULT);
        content(reader, "  <tool_call>{\"name\": \"x\"}");
        assertEquals("  <tool_call>{\"name\": \"x\"}", text.toString());
        TextCallRuns.accept(reader, TextCallRuns.chunk(null, "stop"));
        assertEquals(List.of(), reader.finish().message().toolCalls());
    }
}
