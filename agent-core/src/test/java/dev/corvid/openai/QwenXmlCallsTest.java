package dev.corvid.openai;

import static dev.corvid.openai.TextCallRuns.of;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

class QwenXmlCallsTest {

    private static final TextCalls.Context TOOLS = new TextCalls.Context(List.of(
            TextCallRuns.tool("patch", """
                    {"type": "object", "properties": {
                      "path": {"type": "string"}, "status": {"type": "string"}, "body": {"type": "string"},
                      "line": {"type": "integer"}, "scale": {"type": "number"}, "force": {"type": "boolean"},
                      "options": {"type": "object"}, "tags": {"type": "array"},
                      "note": {"type": ["string", "null"]}, "limit": {"anyOf": [{"type": "integer"}, {"type": "null"}]}}}
                    """),
            TextCallRuns.tool("list_dir", "{\"type\": \"object\", \"properties\": {\"dir\": {\"type\": \"string\"}}}")),
            Set.of());

    static final List<Case> CASES = List.of(
            of("a string parameter keeps text that looks like a number, JSON or a boolean",
                    "<tool_call>\n<function=patch>\n<parameter=status>\n404\n</parameter>\n<parameter=body>\n{\"a\":1}\n"
                            + "</parameter>\n<parameter=path>\ntrue\n</parameter>\n</function>\n</tool_call>",
                    null, Call.of("patch", "{\"status\":\"404\",\"body\":\"{\\\"a\\\":1}\",\"path\":\"true\"}")),
            of("integer, number and boolean parameters are parsed, Python spellings too",
                    "<tool_call><function=patch><parameter=line> 12 </parameter><parameter=scale>0.5</parameter>"
                            + "<parameter=force>True</parameter></function></tool_call>",
                    null, Call.of("patch", "{\"line\":12,\"scale\":0.5,\"force\":true}")),
            of("object and array parameters are parsed, Python literals too",
                    "<tool_call><function=patch><parameter=options>{'deep': False, 'depth': None}</parameter>"
                            + "<parameter=tags>[\"x\", 'y']</parameter></function></tool_call>",
                    null, Call.of("patch", "{\"options\":{\"deep\":false,\"depth\":null},\"tags\":[\"x\",\"y\"]}")),
            of("None is null for a nullable or non-string parameter",
                    "<tool_call><function=patch><parameter=note>None</parameter><parameter=limit>None</parameter>"
                            + "<parameter=status>None</parameter></function></tool_call>",
                    null, Call.of("patch", "{\"note\":null,\"limit\":null,\"status\":\"None\"}")),
            of("text that is not of the declared type stays a string for validation to report",
                    "<tool_call><function=patch><parameter=line>twelve</parameter><parameter=force>yes</parameter>"
                            + "</function></tool_call>",
                    null, Call.of("patch", "{\"line\":\"twelve\",\"force\":\"yes\"}")),
            of("a parameter the schema does not declare keeps the lenient guess",
                    "<tool_call><function=patch><parameter=depth>3</parameter><parameter=mode>fast</parameter>"
                            + "</function></tool_call>",
                    null, Call.of("patch", "{\"depth\":3,\"mode\":\"fast\"}")),
            of("one leading and one trailing newline are dropped and inner whitespace is kept",
                    "<tool_call>\n<function=patch>\n<parameter=body>\n\n  indented\n\tline\n\n</parameter>\n</function>\n"
                            + "</tool_call>",
                    null, Call.of("patch", "{\"body\":\"\\n  indented\\n\\tline\\n\"}")),
            of("a missing </parameter> ends the value at the next parameter",
                    "<tool_call><function=patch><parameter=path>a.txt\n<parameter=line>7</parameter></function></tool_call>",
                    null, Call.of("patch", "{\"path\":\"a.txt\",\"line\":7}")),
            of("a missing </parameter> ends the value at </function>",
                    "<tool_call><function=patch><parameter=path>\nb.txt\n</function></tool_call>",
                    null, Call.of("patch", "{\"path\":\"b.txt\"}")),
            of("missing </function> and </tool_call> at the end of the output still give the call",
                    "Listing.\n<tool_call>\n<function=list_dir>\n<parameter=dir>\nsrc\n</parameter>\n",
                    "Listing.", Call.of("list_dir", "{\"dir\":\"src\"}")),
            of("a call cut off inside a value gives the call with what arrived",
                    "<tool_call><function=patch><parameter=line>3</parameter><parameter=path>src/Ma",
                    null, Call.of("patch", "{\"line\":3,\"path\":\"src/Ma\"}")),
            of("a missing </function> before </tool_call> still closes the call",
                    "<tool_call><function=list_dir><parameter=dir>a</parameter></tool_call> then more",
                    "then more", Call.of("list_dir", "{\"dir\":\"a\"}")),
            of("a call whose closes are missing ends where the next call opens",
                    "<tool_call><function=list_dir><parameter=dir>a</parameter>\n<tool_call><function=list_dir>"
                            + "<parameter=dir>b</parameter></function></tool_call>",
                    null, Call.of("list_dir", "{\"dir\":\"a\"}"), Call.of("list_dir", "{\"dir\":\"b\"}")),
            of("a </function> inside a value is kept when its </parameter> follows",
                    "<tool_call><function=patch><parameter=body>x</function>y</parameter></function></tool_call>",
                    null, Call.of("patch", "{\"body\":\"x</function>y\"}")),
            of("text before, between and after calls is kept and trimmed",
                    "First the list.\n\n<tool_call>\n<function=list_dir>\n<parameter=dir>\n.\n</parameter>\n</function>\n"
                            + "</tool_call>\nAnd then:\n<function=list_dir><parameter=dir>src</parameter></function>\n\nDone.\n",
                    "First the list.\n\nAnd then:\nDone.",
                    Call.of("list_dir", "{\"dir\":\".\"}"), Call.of("list_dir", "{\"dir\":\"src\"}")),
            of("a call without the <tool_call> wrapper is recovered",
                    "<function=list_dir>\n<parameter=dir>\nlib\n</parameter>\n</function>",
                    null, Call.of("list_dir", "{\"dir\":\"lib\"}")),
            of("a function without parameters takes none",
                    "<tool_call>\n<function=list_dir>\n</function>\n</tool_call>", null, Call.of("list_dir", "{}")),
            of("tags named in prose or a code block with no call's structure stay text",
                    "Wrap it in `<tool_call>` and write `<function=NAME>`:\n```\n<tool_call> here\n```",
                    "Wrap it in `<tool_call>` and write `<function=NAME>`:\n```\n<tool_call> here\n```"),
            of("a lone < and comparisons stay text",
                    "if a < b and b <= c then <b>bold</b>", "if a < b and b <= c then <b>bold</b>"),
            of("text without markup is only trimmed", "  Just an answer.\n", "Just an answer."));

    static Stream<Arguments> cases() {
        return TextCallRuns.everyWay(CASES);
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("cases")
    void qwenXmlCallsAreRecoveredTheSameWholeAndStreamed(Case expected, Mode mode) {
        TextCallRuns.check(TextToolCalls.QWEN_XML, TOOLS, expected, mode);
    }

    @Test
    void aCallIsHeardAsSoonAsItIsCompleteNotOnlyAtTheEnd() {
        Heard heard = new Heard();
        ResponseReader reader = TextCallRuns.reader(ModelProfiles.QWEN3_CODER, TOOLS, heard);
        TextCallRuns.accept(reader, TextCallRuns.chunk("<tool_call><function=list_dir><parameter=dir>a</parameter>", null));
        assertEquals(List.of(), heard.calls);
        TextCallRuns.accept(reader, TextCallRuns.chunk("</function></tool_call>", null));
        assertEquals(1, heard.calls.size());
        assertEquals("{\"dir\":\"a\"}", heard.calls.get(0).arguments());
        TextCallRuns.accept(reader, TextCallRuns.chunk("Next.", "stop"));
        assertEquals(heard.calls, reader.finish().message().toolCalls());
    }

    @Test
    void recoveredCallsGetIdsThatTheTranscriptDoesNotUse() {
        TextCallRuns.Run run = TextCallRuns.run(TextToolCalls.QWEN_XML, TOOLS,
                "<function=list_dir></function><function=list_dir></function>", Mode.EVERY_CHARACTER);
        List<ToolCall> calls = run.response().message().toolCalls();
        assertEquals(2, calls.size());
        for (ToolCall call : calls) {
            assertEquals(true, call.id().startsWith("call_"), call.id());
        }
        assertEquals(2, calls.stream().map(ToolCall::id).distinct().count());
    }
}
