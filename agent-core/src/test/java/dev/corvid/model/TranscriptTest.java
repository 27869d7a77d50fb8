package dev.corvid.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TranscriptTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void everyKindOfMessageSurvivesARoundTripThroughJson() {
        List<Message> transcript = List.of(
                Message.system("Be brief."),
                new UserMessage("What is in this picture?", List.of("data:image/png;base64,AAAA")),
                new AssistantMessage(null, "I should look it up.", null,
                        List.of(new ToolCall("functions.lookup:0", "lookup", "{\"q\":\"cat\"}",
                                Map.of("extra_content", JSON.readTree("{\"google\":{\"thought_signature\":\"sig\"}}")))),
                        Map.of("provider_field", JSON.readTree("[1,2]"))),
                new ToolMessage("functions.lookup:0", "lookup", "a cat", false),
                new ToolMessage("c2", "lookup", "not found", true),
                new AssistantMessage("A cat.", null, null, List.of(), Map.of()),
                new AssistantMessage(null, null, "I won't.", List.of(), Map.of()));

        String json = Transcript.toJson(transcript);
        assertEquals(transcript, Transcript.fromJson(json));
    }

    @Test
    void oneMessageIsWrittenAsOneLineAndReadBack() {
        Message message = new AssistantMessage("line one\nline two", "thinking", null,
                List.of(ToolCall.of("c1", "add", "{\"a\":1}")), Map.of());
        String line = Transcript.toJson(message);
        assertTrue(!line.contains("\n"), line);
        assertEquals(message, Transcript.messageFromJson(line));
        assertEquals("[" + line + "]", Transcript.toJson(List.of(message)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Transcript.messageFromJson("{\"role\":"))
                .getMessage().contains("not valid JSON"));
    }

    @Test
    void theJsonIsInTheShapeOfChatMessages() {
        String json = Transcript.toJson(List.of(
                AssistantMessage.ofToolCalls(List.of(ToolCall.of("c1", "add", "{\"a\":1}"))),
                Message.tool("c1", "add", "1")));
        assertEquals("[{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"add\",\"arguments\":\"{\\\"a\\\":1}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"name\":\"add\",\"content\":\"1\"}]", json);
    }

    @Test
    void argumentsGivenAsAnObjectAreReadAsText() {
        List<Message> messages = Transcript.fromJson("[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\","
                + "\"function\":{\"name\":\"f\",\"arguments\":{\"x\":1}}}]}]");
        assertEquals("{\"x\":1}", ((AssistantMessage) messages.get(0)).toolCalls().get(0).arguments());
    }

    @Test
    void aBrokenTranscriptSaysWhichMessageIsWrong() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> Transcript.fromJson("[{\"role\":\"user\",\"content\":\"hi\"},{\"content\":\"x\"}]")).getMessage();
        assertTrue(message.contains("message 1 of the transcript: missing \"role\""), message);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Transcript.fromJson("{}")).getMessage()
                .contains("JSON array"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Transcript.fromJson("[{"))
                .getMessage().contains("not valid JSON"));
    }

    @Test
    void anEmptyToolResultBecomesAPlaceholderProvidersAccept() {
        assertEquals("(no output)", Message.tool("c", "t", "").content());
    }
}
