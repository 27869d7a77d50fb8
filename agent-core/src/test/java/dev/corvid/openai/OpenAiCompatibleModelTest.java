package dev.corvid.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunResult;
import dev.corvid.model.AssistantMessage;
import dev.corvid.model.FinishReason;
import dev.corvid.model.Message;
import dev.corvid.model.ModelRequest;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ModelSettings;
import dev.corvid.model.ResponseFormat;
import dev.corvid.model.StreamListener;
import dev.corvid.model.ToolCall;
import dev.corvid.model.ToolChoice;
import dev.corvid.model.ToolMessage;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.RecordedRequest;
import dev.corvid.testing.Reply;
import dev.corvid.tool.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OpenAiCompatibleModelTest {

    private final FakeOpenAiServer server = FakeOpenAiServer.start();

    @AfterEach
    void stop() {
        server.requests().forEach(request -> OpenAiSpec.assertValidRequest(request.json()));
        server.close();
    }

    static class Weather {
        @Tool("Returns the weather in a city")
        public String weather(String city) {
            return "sunny in " + city;
        }

        @Tool("Adds two numbers")
        public int add(int a, int b) {
            return a + b;
        }
    }

    private OpenAiCompatibleModel model(boolean stream) {
        return OpenAiCompatibleModel.builder().baseUrl(server.baseUrl()).apiKey("sk-test-key-123456").model("test-model")
                .stream(stream).retryPolicy(RetryPolicy.NONE).build();
    }

    private static AssistantMessage twoCalls() {
        return AssistantMessage.ofToolCalls(List.of(ToolCall.of("call_a", "weather", "{\"city\":\"Paris\"}"),
                ToolCall.of("call_b", "add", "{\"a\":2,\"b\":3}")));
    }

    private RunResult<String> runAgent(boolean stream) {
        server.enqueue(stream ? Reply.stream(twoCalls()) : Reply.completion(twoCalls()));
        AssistantMessage answer = AssistantMessage.of("It is sunny in Paris, and 2 + 3 = 5.");
        server.enqueue(stream ? Reply.stream(answer) : Reply.completion(answer));
        try (OpenAiCompatibleModel model = model(stream)) {
            return Agent.builder().model(model).instructions("Be brief.").tools(new Weather()).build()
                    .run("Weather in Paris, and 2+3?");
        }
    }

    private void assertSecondRequestCarriesTheCallsAndResults() {
        JsonNode second = server.requests().get(1).json();
        JsonNode messages = second.path("messages");
        assertEquals("system", messages.path(0).path("role").asString());
        JsonNode assistant = messages.path(2);
        assertEquals("assistant", assistant.path("role").asString());
        assertTrue(assistant.get("content").isNull(), "an assistant tool-call message sends content: null");
        assertEquals("call_a", assistant.path("tool_calls").path(0).path("id").asString());
        assertEquals("{\"city\":\"Paris\"}", assistant.path("tool_calls").path(0).path("function").path("arguments")
                .asString());
        assertEquals("function", assistant.path("tool_calls").path(1).path("type").asString());
        assertEquals("tool", messages.path(3).path("role").asString());
        assertEquals("call_a", messages.path(3).path("tool_call_id").asString());
        assertEquals("weather", messages.path(3).path("name").asString());
        assertEquals("sunny in Paris", messages.path(3).path("content").asString());
        assertEquals("5", messages.path(4).path("content").asString());
        for (RecordedRequest request : server.requests()) {
            OpenAiSpec.assertValidRequest(request.json());
            assertEquals("/v1/chat/completions", request.path());
            assertEquals("Bearer sk-test-key-123456", request.header("Authorization"));
        }
    }

    @Test
    void aBlockingAgentRunCallsTwoToolsAndAnswers() {
        RunResult<String> result = runAgent(false);
        assertEquals("It is sunny in Paris, and 2 + 3 = 5.", result.output());
        assertEquals(30L, result.usage().totalTokens());
        assertSecondRequestCarriesTheCallsAndResults();
        JsonNode first = server.requests().get(0).json();
        assertFalse(first.has("stream"));
        assertEquals("weather", first.path("tools").path(1).path("function").path("name").asString());
        assertEquals("object", first.path("tools").path(1).path("function").path("parameters").path("type").asString());
    }

    @Test
    void aStreamingAgentRunCallsTwoToolsAndAnswers() {
        RunResult<String> result = runAgent(true);
        assertEquals("It is sunny in Paris, and 2 + 3 = 5.", result.output());
        assertEquals(30L, result.usage().totalTokens());
        assertSecondRequestCarriesTheCallsAndResults();
        JsonNode first = server.requests().get(0).json();
        assertTrue(first.path("stream").asBoolean());
        assertTrue(first.path("stream_options").path("include_usage").asBoolean());
    }

    @Test
    void streamedTextReachesTheListenerPieceByPiece() {
        server.enqueue(Reply.stream(AssistantMessage.of("Hello there, friend")));
        List<String> deltas = new ArrayList<>();
        StreamListener listener = new StreamListener() {
            @Override
            public void onTextDelta(String text) {
                deltas.add(text);
            }
        };
        try (OpenAiCompatibleModel model = model(true)) {
            ModelResponse response = model.complete(new ModelRequest(List.of(Message.user("hi")), List.of(),
                    ModelSettings.DEFAULT, listener, null));
            assertEquals("Hello there, friend", response.message().text());
            assertEquals(FinishReason.STOP, response.finishReason());
        }
        assertEquals(3, deltas.size());
        assertEquals("Hello there, friend", String.join("", deltas));
    }

    @Test
    void settingsToolChoiceAndExtraFieldsReachTheBody() {
        server.enqueue(Reply.completion(AssistantMessage.of("ok")));
        ModelSettings settings = ModelSettings.builder().temperature(0.2).topP(0.9).maxTokens(100).seed(7)
                .stop(List.of("END")).toolChoice(ToolChoice.tool("add")).parallelToolCalls(false)
                .extraBody("top_k", 20).extraBody("enable_thinking", false)
                .extraBody("provider", Map.of("order", List.of("a"))).build();
        try (OpenAiCompatibleModel model = model(false)) {
            model.complete(new ModelRequest(List.of(Message.user("x")), dev.corvid.tool.Toolbox.of(new Weather())
                    .definitions(), settings, null, null));
        }
        JsonNode body = server.lastRequest().json();
        OpenAiSpec.assertValidRequest(body);
        assertEquals(0.2, body.path("temperature").asDouble());
        assertEquals(0.9, body.path("top_p").asDouble());
        assertEquals(100, body.path("max_tokens").asInt());
        assertEquals(7, body.path("seed").asInt());
        assertEquals("END", body.path("stop").path(0).asString());
        assertEquals("{\"type\":\"function\",\"function\":{\"name\":\"add\"}}", body.path("tool_choice").toString());
        assertFalse(body.path("parallel_tool_calls").asBoolean(true));
        assertEquals(20, body.path("top_k").asInt());
        assertFalse(body.path("enable_thinking").asBoolean(true));
        assertEquals("a", body.path("provider").path("order").path(0).asString());
    }

    @Test
    void toolChoiceAndParallelToolCallsAreLeftOutUnlessSet() {
        server.enqueue(Reply.completion(AssistantMessage.of("ok")));
        try (OpenAiCompatibleModel model = model(false)) {
            model.complete(new ModelRequest(List.of(Message.user("x")), dev.corvid.tool.Toolbox.of(new Weather())
                    .definitions(), ModelSettings.DEFAULT, null, null));
        }
        JsonNode body = server.lastRequest().json();
        assertFalse(body.has("tool_choice"));
        assertFalse(body.has("parallel_tool_calls"));
        assertFalse(body.has("temperature"));
    }

    @Test
    void aJsonSchemaResponseFormatIsSent() {
        server.enqueue(Reply.completion(AssistantMessage.of("{}")));
        JsonNode schema = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree("{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"integer\"}}}");
        try (OpenAiCompatibleModel model = model(false)) {
            model.complete(new ModelRequest(List.of(Message.user("x")), List.of(), ModelSettings.builder()
                    .responseFormat(ResponseFormat.jsonSchema("answer", schema)).build(), null, null));
        }
        JsonNode body = server.lastRequest().json();
        OpenAiSpec.assertValidRequest(body);
        assertEquals("json_schema", body.path("response_format").path("type").asString());
        assertEquals("answer", body.path("response_format").path("json_schema").path("name").asString());
    }

    @Test
    void toolDefinitionsAreSerialisedOncePerToolList() throws Exception {
        server.enqueue(Reply.completion(AssistantMessage.of("a"))).enqueue(Reply.completion(AssistantMessage.of("b")));
        var tools = dev.corvid.tool.Toolbox.of(new Weather()).definitions();
        try (OpenAiCompatibleModel model = model(false)) {
            RequestWriter writer = (RequestWriter) field(field(model, "endpoint"), "writer");
            model.complete(new ModelRequest(List.of(Message.user("x")), tools, ModelSettings.DEFAULT, null, null));
            Object first = field(writer, "toolsJson");
            model.complete(new ModelRequest(List.of(Message.user("y")), tools, ModelSettings.DEFAULT, null, null));
            assertTrue(first == field(writer, "toolsJson"), "the cached tools JSON was reused");
        }
        assertEquals(server.requests().get(0).json().get("tools"), server.requests().get(1).json().get("tools"));
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        var field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
    }

    @Test
    void unknownFieldsOfTheMessageSurviveIntoTheTranscriptAndAreSentBack() {
        server.enqueue(Reply.json("{\"id\":\"x\",\"choices\":[{\"index\":0,\"finish_reason\":\"tool_calls\",\"message\":"
                + "{\"role\":\"assistant\",\"content\":null,\"reasoning_content\":\"thinking...\","
                + "\"provider_specific\":{\"k\":1},\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"add\",\"arguments\":\"{\\\"a\\\":1,\\\"b\\\":2}\"},"
                + "\"extra_content\":{\"sig\":\"abc\"}}]}}]}"));
        server.enqueue(Reply.completion(AssistantMessage.of("3")));
        try (OpenAiCompatibleModel model = OpenAiCompatibleModel.builder().baseUrl(server.baseUrl()).model("kimi-k2")
                .stream(false).build()) {
            RunResult<String> result = Agent.builder().model(model).tools(new Weather()).build().run("1+2");
            AssistantMessage calls = (AssistantMessage) result.transcript().get(1);
            assertEquals("thinking...", calls.reasoning());
            assertEquals("{\"k\":1}", calls.extra().get("provider_specific").toString());
        }
        JsonNode resent = server.requests().get(1).json().path("messages").path(1);
        assertEquals("thinking...", resent.path("reasoning_content").asString());
        assertEquals(1, resent.path("provider_specific").path("k").asInt());
        assertEquals("abc", resent.path("tool_calls").path(0).path("extra_content").path("sig").asString());
    }

    @Test
    void unknownFieldsOfAStreamedMessageAndItsToolCallsSurviveAndAreSentBack() {
        server.enqueue(Reply.sse(
                "{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"provider_specific\":{\"k\":1},"
                        + "\"unused\":null,\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"type\":\"function\","
                        + "\"extra_content\":{\"sig\":\"abc\"},\"function\":{\"name\":\"add\",\"arguments\":\"{\\\"a\\\":1\"}}]}}]}",
                "{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
                        + "{\"arguments\":\",\\\"b\\\":2}\"}}]},\"finish_reason\":\"tool_calls\"}]}"));
        server.enqueue(Reply.stream(AssistantMessage.of("3")));
        try (OpenAiCompatibleModel model = OpenAiCompatibleModel.builder().baseUrl(server.baseUrl()).model("m")
                .stream(true).build()) {
            RunResult<String> result = Agent.builder().model(model).tools(new Weather()).build().run("1+2");
            AssistantMessage calls = (AssistantMessage) result.transcript().get(1);
            assertEquals("{\"k\":1}", calls.extra().get("provider_specific").toString());
            assertFalse(calls.extra().containsKey("unused"));
            assertEquals("{\"a\":1,\"b\":2}", calls.toolCalls().get(0).arguments());
            assertEquals("{\"sig\":\"abc\"}", calls.toolCalls().get(0).extra().get("extra_content").toString());
        }
        JsonNode resent = server.requests().get(1).json().path("messages").path(1);
        assertEquals(1, resent.path("provider_specific").path("k").asInt());
        assertEquals("abc", resent.path("tool_calls").path(0).path("extra_content").path("sig").asString());
    }

    @Test
    void aWholeMessageKeepsEmptyContentAndCallsWithoutArgumentsTakeNone() {
        server.enqueue(Reply.json("{\"id\":\"x\",\"model\":\"m-1\",\"choices\":[{\"index\":0,\"finish_reason\":\"tool_calls\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
                + "{\"id\":\"\",\"type\":\"function\",\"function\":{\"name\":\"now\"}},"
                + "{\"id\":\"\",\"type\":\"function\",\"function\":{\"name\":\"now\",\"arguments\":null}}]}}]}"));
        try (OpenAiCompatibleModel model = model(false)) {
            ModelResponse response = model.complete(ModelRequest.of(List.of(dev.corvid.model.Message.user("time?"))));
            assertEquals("", response.message().text());
            assertEquals(2, response.message().toolCalls().size(), "two calls without ids stay two calls");
            assertEquals("{}", response.message().toolCalls().get(0).arguments());
            assertEquals("{}", response.message().toolCalls().get(1).arguments());
            assertEquals("m-1", response.model());
            assertEquals("x", response.id());
        }
    }

    @Test
    void oddlyShapedStreamFieldsAreSkippedWithoutLosingTheRestOfTheChunk() {
        server.enqueue(Reply.sse(
                "{\"id\":{\"nested\":[1,2]},\"choices\":[{\"index\":0,\"delta\":{\"content\":[\"not text\"],"
                        + "\"tool_calls\":[{\"index\":{\"id\":\"fake\"},\"id\":\"c1\",\"function\":{\"name\":\"add\","
                        + "\"arguments\":\"{\\\"a\\\":1,\\\"b\\\":2}\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"tool_calls\"}],"
                        + "\"usage\":[1]}",
                "[\"not a chunk\"]"));
        try (OpenAiCompatibleModel model = model(true)) {
            ModelResponse response = model.complete(ModelRequest.of(List.of(Message.user("1+2"))));
            assertEquals("ok", response.message().text());
            assertEquals(List.of(dev.corvid.model.ToolCall.of("c1", "add", "{\"a\":1,\"b\":2}")),
                    response.message().toolCalls());
            assertFalse(response.usage().isKnown());
        }
    }

    @Test
    void missingUsageIsUnknownAndDetailedUsageIsRead() {
        server.enqueue(Reply.json("{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"content\":\"a\"}}]}"));
        server.enqueue(Reply.json("{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"content\":\"a\"}}],"
                + "\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":20,\"prompt_tokens_details\":{\"cached_tokens\":40,"
                + "\"cache_write_tokens\":7,\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":5},"
                + "\"cost\":{\"total\":0.1}}}"));
        server.enqueue(Reply.json("{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"content\":\"a\"}}],"
                + "\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":20,\"prompt_tokens_details\":null}}"));
        try (OpenAiCompatibleModel model = model(false)) {
            ModelRequest request = ModelRequest.of(List.of(Message.user("x")));
            assertFalse(model.complete(request).usage().isKnown());
            var detailed = model.complete(request).usage();
            assertEquals(40L, detailed.cachedTokens());
            assertEquals(7L, detailed.cacheWriteTokens());
            assertEquals(5L, detailed.reasoningTokens());
            assertEquals(120L, detailed.totalTokens());
            var plain = model.complete(request).usage();
            assertEquals(120L, plain.totalTokens());
            assertNull(plain.cachedTokens());
        }
    }

    @Test
    void imagesOfAUserMessageAreSentAsContentParts() {
        server.enqueue(Reply.completion(AssistantMessage.of("a cat")));
        try (OpenAiCompatibleModel model = model(false)) {
            model.complete(ModelRequest.of(List.of(new dev.corvid.model.UserMessage("What is this?",
                    List.of("data:image/jpeg;base64,/9j/4AAQ")))));
        }
        JsonNode content = server.lastRequest().json().path("messages").path(0).path("content");
        assertEquals("text", content.path(0).path("type").asString());
        assertEquals("What is this?", content.path(0).path("text").asString());
        assertEquals("image_url", content.path(1).path("type").asString());
        assertEquals("data:image/jpeg;base64,/9j/4AAQ", content.path(1).path("image_url").path("url").asString());
    }

    @Test
    void toolMessagesAlwaysCarryNonEmptyContent() {
        server.enqueue(Reply.completion(AssistantMessage.of("ok")));
        try (OpenAiCompatibleModel model = model(false)) {
            model.complete(ModelRequest.of(List.of(Message.user("x"),
                    AssistantMessage.ofToolCalls(List.of(ToolCall.of("c", "t", "{}"))), new ToolMessage("c", "t", "", false))));
        }
        JsonNode body = server.lastRequest().json();
        OpenAiSpec.assertValidRequest(body);
        assertEquals("(no output)", body.path("messages").path(2).path("content").asString());
    }
}
