package dev.corvid.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.corvid.model.ToolCall;
import dev.corvid.openai.ModelProfile.TextToolCalls;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextToolCallParserTest {

    @Test
    void qwenXmlCallsAreRecoveredWithTypedArgumentsAndTheMarkupStripped() {
        String content = "I'll read the file first.\n<tool_call>\n<function=read_file>\n<parameter=path>\nsrc/Main.java\n"
                + "</parameter>\n<parameter=offset>\n130\n</parameter>\n</function>\n</tool_call>";
        TextToolCallParser.Recovered recovered = TextToolCallParser.recover(content, TextToolCalls.QWEN_XML);

        assertEquals(List.of(ToolCall.of("", "read_file", "{\"path\":\"src/Main.java\",\"offset\":130}")),
                recovered.calls());
        assertEquals("I'll read the file first.", recovered.text());
    }

    @Test
    void severalQwenCallsAndMultiLineValuesAreRecovered() {
        String content = "<tool_call><function=write_file><parameter=path>a.txt</parameter><parameter=content>\nline 1\n"
                + "line 2\n</parameter></function></tool_call>\n<tool_call><function=run_shell><parameter=command>ls"
                + "</parameter></function></tool_call>";
        TextToolCallParser.Recovered recovered = TextToolCallParser.recover(content, TextToolCalls.QWEN_XML);

        assertEquals(2, recovered.calls().size());
        assertEquals("{\"path\":\"a.txt\",\"content\":\"line 1\\nline 2\"}", recovered.calls().get(0).arguments());
        assertEquals("run_shell", recovered.calls().get(1).name());
        assertNull(recovered.text());
    }

    @Test
    void kimiTokenCallsAreRecoveredWithTheirIdsAndNames() {
        String content = "Let me check.<|tool_calls_section_begin|><|tool_call_begin|>functions.get_weather:0"
                + "<|tool_call_argument_begin|>{\"city\": \"Beijing\"}<|tool_call_end|><|tool_call_begin|>"
                + "functions.get_time:1<|tool_call_argument_begin|>{}<|tool_call_end|><|tool_calls_section_end|>";
        TextToolCallParser.Recovered recovered = TextToolCallParser.recover(content, TextToolCalls.KIMI_TOKENS);

        assertEquals(List.of(ToolCall.of("functions.get_weather:0", "get_weather", "{\"city\": \"Beijing\"}"),
                ToolCall.of("functions.get_time:1", "get_time", "{}")), recovered.calls());
        assertEquals("Let me check.", recovered.text());
    }

    @Test
    void textWithoutMarkupOrWithTheParserOffIsLeftAlone() {
        assertNull(TextToolCallParser.recover("Just an answer.", TextToolCalls.QWEN_XML));
        assertNull(TextToolCallParser.recover("<function=x></function>", TextToolCalls.NONE));
        assertNull(TextToolCallParser.recover(null, TextToolCalls.KIMI_TOKENS));
    }
}
