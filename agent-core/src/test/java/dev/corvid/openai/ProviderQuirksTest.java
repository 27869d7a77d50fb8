package dev.corvid.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunOutcome;
import dev.corvid.agent.RunResult;
import dev.corvid.model.AssistantMessage;
import dev.corvid.model.FinishReason;
import dev.corvid.model.Message;
import dev.corvid.model.ModelRequest;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ModelSettings;
import dev.corvid.model.ResponseFormat;
import dev.corvid.model.ToolCall;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.Reply;
import dev.corvid.tool.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One test per line of provider-quirks.md, each with a fixture in the shape the provider sends. */
class ProviderQuirksTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private final Recorder tools = new Recorder();

    @AfterEach
    void stop() {
        server.requests().forEach(request -> OpenAiSpec.assertValidRequest(request.json()));
        server.close();
    }

    static class Recorder {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Tool("Returns the weather in a city")
        public String get_weather(String city) {
            calls.add("weather " + city);
            return "sunny in " + city;
        }

        @Tool("Reads lines of a file")
        public String read_file(String path, int offset) {
            calls.add("read " + path + "@" + offset);
            return "line " + offset + " of " + path;
        }

        @Tool("Returns the time")
        public String get_time() {
            calls.add("time");
            return "noon";
        }
    }

    private OpenAiCompatibleModel model(String modelId, boolean stream) {
        return OpenAiCompatibleModel.builder().baseUrl(server.baseUrl()).model(modelId).stream(stream)
                .retryPolicy(RetryPolicy.NONE).build();
    }

    private RunResult<String> run(String modelId, boolean stream) {
        try (OpenAiCompatibleModel model = model(modelId, stream)) {
            return Agent.builder().model(model).tools(tools).build().run("go");
        }
    }

    private static String chunk(String delta, String finish) {
        return "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
    }

    private static String completion(String message, String finish) {
        return "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"finish_reason\":\"" + finish
                + "\",\"message\":" + message + "}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5}}";
    }

    private JsonNode messagesOfRequest(int index) {
        return server.requests().get(index).json().path("messages");
    }

    /** Every call of every assistant message has exactly one tool message after it, with its id. */
    private void assertHistoryValid(JsonNode messages) {
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.path(i);
            for (JsonNode call : message.path("tool_calls")) {
                String id = call.path("id").asString();
                assertFalse(id.isEmpty(), "a call without id in " + messages);
                long answers = 0;
                for (int j = i + 1; j < messages.size() && messages.path(j).path("role").asString().equals("tool"); j++) {
                    answers += messages.path(j).path("tool_call_id").asString().equals(id) ? 1 : 0;
                }
                assertEquals(1, answers, "call " + id + " answered once in " + messages);
                assertTrue(JSON.readTree(call.path("function").path("arguments").asString()).isObject(),
                        "arguments are a JSON object string: " + call);
            }
        }
        for (var request : server.requests()) {
            OpenAiSpec.assertValidRequest(request.json());
        }
    }

    @Test
    void kimiToolCallIdsAreSentBackVerbatim() {
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":"
                + "\"functions.get_weather:0\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"arguments\":\"{\\\"city\\\": \\\"Beijing\\\"}\"}}]}", "tool_calls")));
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":\"Sunny.\"}", "stop")));
        assertEquals("Sunny.", run("moonshotai/kimi-k2-0905:exacto", false).output());
        JsonNode messages = messagesOfRequest(1);
        assertEquals("functions.get_weather:0", messages.path(1).path("tool_calls").path(0).path("id").asString());
        assertEquals("functions.get_weather:0", messages.path(2).path("tool_call_id").asString());
        assertHistoryValid(messages);
    }

    @Test
    void geminisEmptyIdsAreReplacedByOneMadeUpIdUsedConsistently() {
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Rome\\\"}\"}},{\"id\":\"\","
                + "\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"arguments\":\"{}\"}}]}", "stop")));
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":\"Done.\"}", "stop")));
        assertEquals(RunOutcome.ANSWERED, run("google/gemini-2.0-flash-001", false).outcome());
        assertEquals(java.util.Set.of("weather Rome", "time"), java.util.Set.copyOf(tools.calls));
        JsonNode messages = messagesOfRequest(1);
        String first = messages.path(1).path("tool_calls").path(0).path("id").asString();
        String second = messages.path(1).path("tool_calls").path(1).path("id").asString();
        assertFalse(first.isEmpty() || first.equals(second));
        assertEquals(first, messages.path(2).path("tool_call_id").asString());
        assertEquals(second, messages.path(3).path("tool_call_id").asString());
        assertHistoryValid(messages);
    }

    @Test
    void aStreamRepeatingTheFullIdInEveryChunkMakesOneCall() {
        server.enqueue(Reply.sse(
                chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_x\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_x\",\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_x\",\"function\":{\"arguments\":\"\\\"Oslo\\\"}\"}}]}", null),
                chunk("{}", "tool_calls")));
        server.enqueue(Reply.stream(AssistantMessage.of("ok")));
        run("some-model", true);
        assertEquals(List.of("weather Oslo"), tools.calls);
        assertEquals("call_x", messagesOfRequest(1).path(1).path("tool_calls").path(0).path("id").asString());
    }

    @Test
    void aStreamWithEmptyIdsOnContinuationChunksMakesOneCall() {
        server.enqueue(Reply.sse(
                chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_y\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"ci\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"\",\"type\":\"function\",\"function\":{\"name\":\"\",\"arguments\":\"ty\\\":\\\"Lima\\\"}\"}}]}", null),
                chunk("{}", "tool_calls")));
        server.enqueue(Reply.stream(AssistantMessage.of("ok")));
        run("some-model", true);
        assertEquals(List.of("weather Lima"), tools.calls);
    }

    @Test
    void aStreamWithoutIndexesOpensACallForEachNewIdOrName() {
        server.enqueue(Reply.sse(
                chunk("{\"tool_calls\":[{\"id\":\"a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\"}}]}", null),
                chunk("{\"tool_calls\":[{\"function\":{\"arguments\":\"\\\"Kyiv\\\"}\"}}]}", null),
                chunk("{\"tool_calls\":[{\"id\":\"b\",\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"arguments\":\"{}\"}}]}", null),
                chunk("{\"tool_calls\":[{\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Baku\\\"}\"}}]}", null),
                chunk("{}", "tool_calls")));
        server.enqueue(Reply.stream(AssistantMessage.of("ok")));
        run("gemini-2.0-flash", true);
        assertEquals(java.util.Set.of("weather Kyiv", "time", "weather Baku"), java.util.Set.copyOf(tools.calls));
        assertEquals(3, messagesOfRequest(1).path(1).path("tool_calls").size());
        assertHistoryValid(messagesOfRequest(1));
    }

    @Test
    void aStreamReusingIndexZeroForParallelCallsKeepsThemApart() {
        server.enqueue(Reply.sse(
                chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Pune\\\"}\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"arguments\":\"{}\"}}]}", null),
                chunk("{}", "tool_calls")));
        server.enqueue(Reply.stream(AssistantMessage.of("ok")));
        run("llama3.1", true);
        assertEquals(2, messagesOfRequest(1).path(1).path("tool_calls").size());
        assertTrue(tools.calls.containsAll(List.of("weather Pune", "time")));
    }

    @Test
    void renumberedIndexesStillMakeOneCallEach() {
        server.enqueue(Reply.sse(
                chunk("{\"tool_calls\":[{\"index\":3,\"id\":\"p\",\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"arguments\":\"\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":7,\"id\":\"q\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":3,\"function\":{\"arguments\":\"{}\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":7,\"function\":{\"arguments\":\"{\\\"city\\\":\\\"Nuuk\\\"}\"}}]}", null),
                chunk("{}", "tool_calls")));
        server.enqueue(Reply.stream(AssistantMessage.of("ok")));
        run("ollama-model", true);
        JsonNode calls = messagesOfRequest(1).path(1).path("tool_calls");
        assertEquals("p", calls.path(0).path("id").asString());
        assertEquals("{\"city\":\"Nuuk\"}", calls.path(1).path("function").path("arguments").asString());
    }

    @Test
    void severalCallsInOneChunkWithFieldsInAnyOrderAndNullToolCallsOnTextChunks() {
        server.enqueue(Reply.sse(
                chunk("{\"content\":\"Checking\",\"tool_calls\":null}", null),
                chunk("{\"tool_calls\":[{\"function\":{\"arguments\":\"{\\\"city\\\":\\\"Rio\\\"}\",\"name\":\"get_weather\"},"
                        + "\"type\":\"function\",\"id\":\"w\",\"index\":0},{\"function\":{\"arguments\":\"{}\",\"name\":\"get_time\"},"
                        + "\"id\":\"t\",\"index\":1,\"type\":\"function\"}]}", null),
                chunk("{}", "tool_calls")));
        server.enqueue(Reply.stream(AssistantMessage.of("ok")));
        run("m", true);
        assertTrue(tools.calls.containsAll(List.of("weather Rio", "time")));
        assertEquals("Checking", messagesOfRequest(1).path(1).path("content").asString());
    }

    @Test
    void argumentsSentAsAJsonObjectAreUsedAndSentBackAsAString() {
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c\","
                + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Quito\"}}}]}",
                "tool_calls")));
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":\"ok\"}", "stop")));
        run("llama.cpp", false);
        assertEquals(List.of("weather Quito"), tools.calls);
        assertEquals("{\"city\":\"Quito\"}", messagesOfRequest(1).path(1).path("tool_calls").path(0).path("function")
                .path("arguments").asString());
        assertHistoryValid(messagesOfRequest(1));
    }

    @Test
    void argumentsSentAsAnObjectInAStreamAreUsed() {
        server.enqueue(Reply.sse(chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"type\":\"function\",\"function\":"
                + "{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Suva\"}}}]}", "tool_calls")));
        server.enqueue(Reply.stream(AssistantMessage.of("ok")));
        run("koboldcpp", true);
        assertEquals(List.of("weather Suva"), tools.calls);
    }

    @Test
    void doubleEncodedArgumentsAreUnwrappedAndSentBackAsAnObjectString() {
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\\\"{\\\\\\\"city\\\\\\\": \\\\\\\"Doha\\\\\\\"}\\\"\"}}]}",
                "tool_calls")));
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":\"ok\"}", "stop")));
        run("kimi-k2", false);
        assertEquals(List.of("weather Doha"), tools.calls);
        assertEquals("{\"city\":\"Doha\"}", messagesOfRequest(1).path(1).path("tool_calls").path(0).path("function")
                .path("arguments").asString());
    }

    @Test
    void singleQuotedArgumentsAreBoundAndRepairedInTheHistory() {
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{'city': 'Lagos'}\"}}]}", "tool_calls")));
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":\"ok\"}", "stop")));
        run("qwen3-coder-plus", false);
        assertEquals(List.of("weather Lagos"), tools.calls);
        assertEquals("{\"city\":\"Lagos\"}", messagesOfRequest(1).path(1).path("tool_calls").path(0).path("function")
                .path("arguments").asString());
    }

    @Test
    void emptyArgumentsForANoArgumentToolMeanNoArguments() {
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_time\",\"arguments\":\"\"}}]}", "tool_calls")));
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":\"noon\"}", "stop")));
        run("m", false);
        assertEquals(List.of("time"), tools.calls);
        assertEquals("{}", messagesOfRequest(1).path(1).path("tool_calls").path(0).path("function").path("arguments")
                .asString());
    }

    @Test
    void numbersSentAsStringsByQwenXmlAreBound() {
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\","
                + "\"function\":{\"name\":\"read_file\",\"arguments\":\"{\\\"path\\\": \\\"a.txt\\\", \\\"offset\\\": \\\"130\\\"}\"}}]}",
                "tool_calls")));
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":\"ok\"}", "stop")));
        run("qwen/qwen3-coder", false);
        assertEquals(List.of("read a.txt@130"), tools.calls);
    }

    @Test
    void unrepairableArgumentsGoBackToTheModelAndTheHistoryHoldsAValidObject() {
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{city: Paris, \"}}]}", "tool_calls")));
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":\"sorry\"}", "stop")));
        run("qwen3-coder-plus", false);
        assertTrue(tools.calls.isEmpty());
        JsonNode messages = messagesOfRequest(1);
        assertEquals("{}", messages.path(1).path("tool_calls").path(0).path("function").path("arguments").asString());
        assertTrue(messages.path(2).path("content").asString().contains("not valid JSON"));
        assertHistoryValid(messages);
    }

    @Test
    void finishReasonStopWithToolCallsIsAToolTurn() {
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_time\",\"arguments\":\"{}\"}}]}", "stop")));
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":\"noon\"}", "stop")));
        assertEquals("noon", run("gemini-2.0-flash", false).output());
        assertEquals(List.of("time"), tools.calls);
    }

    @Test
    void lengthWithToolCallsRunsNothingAndSendsNothingBack() {
        server.enqueue(Reply.sse(chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"type\":\"function\",\"function\":"
                + "{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\": \\\"Par\"}}]}", "length")));
        RunResult<String> result = run("m", true);
        assertEquals(RunOutcome.LENGTH, result.outcome());
        assertTrue(tools.calls.isEmpty());
        assertTrue(((AssistantMessage) result.transcript().get(1)).toolCalls().isEmpty());
    }

    @Test
    void openRoutersNativeFinishReasonIsKeptAndItsErrorFinishIsAFailure() {
        server.enqueue(Reply.json("{\"id\":\"gen-1\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
                + "\"native_finish_reason\":\"STOP\",\"message\":{\"role\":\"assistant\",\"content\":\"hi\","
                + "\"refusal\":null,\"reasoning\":null}}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":96,"
                + "\"total_tokens\":108,\"prompt_tokens_details\":null}}"));
        try (OpenAiCompatibleModel model = model("qwen/qwen3-coder", false)) {
            ModelResponse response = model.complete(ModelRequest.of(List.of(Message.user("x"))));
            assertEquals("hi", response.message().text());
            assertNull(response.message().refusal());
            assertEquals(FinishReason.STOP, response.finishReason());
            assertEquals(108L, response.usage().totalTokens());
            assertNull(response.usage().cachedTokens());
        }
    }

    @Test
    void qwenXmlToolCallsLeakedIntoContentAreRecoveredAndStripped() {
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":\"Let me check.\\n<tool_call>\\n"
                + "<function=get_weather>\\n<parameter=city>\\nHanoi\\n</parameter>\\n</function>\\n</tool_call>\"}", "stop")));
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":\"Sunny in Hanoi.\"}", "stop")));
        RunResult<String> result = run("qwen/qwen3-coder", false);
        assertEquals(List.of("weather Hanoi"), tools.calls);
        assertEquals("Sunny in Hanoi.", result.output());
        assertEquals("Let me check.", messagesOfRequest(1).path(1).path("content").asString());
        assertHistoryValid(messagesOfRequest(1));
    }

    @Test
    void kimiTokenToolCallsLeakedIntoAStreamAreRecovered() {
        server.enqueue(Reply.sse(chunk("{\"content\":\"<|tool_calls_section_begin|><|tool_call_begin|>functions.get_time:0"
                + "<|tool_call_argument_begin|>{}<|tool_call_end|><|tool_calls_section_end|>\"}", "stop")));
        server.enqueue(Reply.stream(AssistantMessage.of("It is noon.")));
        RunResult<String> result = run("moonshotai/kimi-k2-0905", true);
        assertEquals(List.of("time"), tools.calls);
        assertEquals("It is noon.", result.output());
        assertEquals("functions.get_time:0", messagesOfRequest(1).path(1).path("tool_calls").path(0).path("id").asString());
    }

    @Test
    void hermesJsonToolCallsOfQwen25CoderStreamedAsTextAreRunAndTheirMarkupNeverStreamed() {
        String content = "Checking both.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Lima\"}}\n"
                + "</tool_call>\n<tool_call>\n{\"name\": \"read_file\", \"arguments\": {\"path\": \"a.txt\", \"offset\": 3}}"
                + "\n</tool_call>";
        List<String> chunks = new ArrayList<>();
        for (int at = 0; at < content.length(); at += 5) {
            chunks.add(chunk(JSON.createObjectNode().put("content", content.substring(at, Math.min(content.length(),
                    at + 5))).toString(), null));
        }
        chunks.add(chunk("{}", "stop"));
        server.enqueue(Reply.sse(chunks.toArray(String[]::new)));
        Heard heard = new Heard();
        try (OpenAiCompatibleModel model = model("qwen2.5-coder-32b-instruct", true)) {
            ModelResponse response = model.complete(new ModelRequest(List.of(Message.user("go")), List.of(),
                    ModelSettings.DEFAULT, heard, null));
            assertEquals(List.of("get_weather", "read_file"), heard.callNames());
            assertEquals(FinishReason.TOOL_CALLS, response.finishReason());
            assertEquals("Checking both.", response.message().text());
            assertEquals("Checking both.", heard.text.toString());
        }
        server.enqueue(Reply.sse(chunks.toArray(String[]::new)));
        server.enqueue(Reply.stream(AssistantMessage.of("Done.")));
        RunResult<String> result = run("qwen2.5-coder-32b-instruct", true);
        assertEquals(java.util.Set.of("weather Lima", "read a.txt@3"), java.util.Set.copyOf(tools.calls),
                "both calls ran, at once, so in either order");
        assertEquals(2, tools.calls.size());
        assertEquals("Done.", result.output());
        assertHistoryValid(messagesOfRequest(2));
    }

    @Test
    void qwenXmlValuesAreTypedByTheToolSchemaSoAStringThatLooksLikeANumberStaysAString() {
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":\"<tool_call>\\n<function=read_file>\\n"
                + "<parameter=path>\\n2024\\n</parameter>\\n<parameter=offset>\\n7\\n</parameter>\\n</function>\\n"
                + "</tool_call>\"}", "stop")));
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":\"ok\"}", "stop")));
        run("qwen/qwen3-coder", false);
        assertEquals(List.of("read 2024@7"), tools.calls);
        JsonNode call = messagesOfRequest(1).path(1).path("tool_calls").path(0);
        assertEquals("{\"path\":\"2024\",\"offset\":7}", call.path("function").path("arguments").asString());
        assertTrue(call.path("id").asString().startsWith("call_"), call.toString());
    }

    @Test
    void qwenXmlToolCallsInsideReasoningAreRecovered() {
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":\"\",\"reasoning_content\":\"I need the "
                + "weather.<tool_call><function=get_weather><parameter=city>Accra</parameter></function></tool_call>\"}",
                "stop")));
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":\"Sunny.\"}", "stop")));
        run("qwen3-coder-next", false);
        assertEquals(List.of("weather Accra"), tools.calls);
    }

    @Test
    void withoutATextParserInItsProfileMarkupStaysText() {
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":\"<function=get_time></function>\"}",
                "stop")));
        RunResult<String> result = run("gpt-4o", false);
        assertTrue(tools.calls.isEmpty());
        assertEquals("<function=get_time></function>", result.output());
    }

    @Test
    void reasoningUnderEveryNameIsKeptApartAndKimiGetsItBack() {
        server.enqueue(Reply.sse(chunk("{\"reasoning\":\"Think \"}", null), chunk("{\"reasoning_content\":\"hard.\"}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"k\",\"type\":\"function\",\"function\":{\"name\":\"get_time\","
                        + "\"arguments\":\"{}\"}}]}", "tool_calls")));
        server.enqueue(Reply.stream(AssistantMessage.of("noon")));
        RunResult<String> result = run("kimi-k2-thinking", true);
        assertEquals("Think hard.", ((AssistantMessage) result.transcript().get(1)).reasoning());
        assertEquals("Think hard.", messagesOfRequest(1).path(1).path("reasoning_content").asString());
        assertEquals("noon", result.output());
    }

    @Test
    void openRouterReasoningDetailsSurviveAsAnExtraField() {
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":\"hi\",\"reasoning_details\":"
                + "[{\"type\":\"reasoning.text\",\"text\":\"...\"}]}", "stop")));
        RunResult<String> result = run("m", false);
        assertTrue(((AssistantMessage) result.transcript().get(1)).extra().containsKey("reasoning_details"));
    }

    @Test
    void usageInAFinalChunkWithoutChoicesIsRead() {
        server.enqueue(Reply.sse(chunk("{\"content\":\"hi\"}", "stop"), "{\"id\":\"c\",\"choices\":[],\"usage\":"
                + "{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}}"));
        assertEquals(10L, run("m", true).usage().totalTokens());
    }

    @Test
    void moonshotUsageInsideTheChoiceWithTopLevelCachedTokensIsRead() {
        server.enqueue(Reply.sse(chunk("{\"content\":\"hi\"}", null), "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},"
                + "\"finish_reason\":\"stop\",\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":5,\"total_tokens\":55,"
                + "\"cached_tokens\":20}}]}"));
        RunResult<String> result = run("kimi-k2", true);
        assertEquals(55L, result.usage().totalTokens());
        assertEquals(20L, result.usage().cachedTokens());
    }

    @Test
    void parallelToolCallsIsSentOnlyWhereTheProfileUnderstandsIt() {
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":\"a\"}", "stop")));
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":\"b\"}", "stop")));
        for (String modelId : List.of("google/gemini-2.0-flash-001", "qwen-plus")) {
            try (OpenAiCompatibleModel model = model(modelId, false)) {
                Agent.builder().model(model).tools(tools).parallelToolCalls(true).build().run("x");
            }
        }
        assertFalse(server.requests().get(0).json().has("parallel_tool_calls"));
        assertTrue(server.requests().get(1).json().path("parallel_tool_calls").asBoolean());
    }

    @Test
    void aToolChoiceTheModelRejectsBecomesAnInstructionAndTheReplyIsChecked() {
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":\"I think it is sunny.\"}", "stop")));
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]}", "tool_calls")));
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":\"Sunny in Oslo.\"}", "stop")));
        try (OpenAiCompatibleModel model = model("kimi-k2-0905", false)) {
            RunResult<String> result = Agent.builder().model(model).tools(tools)
                    .toolChoice(dev.corvid.model.ToolChoice.tool("get_weather")).build().run("Oslo?");
            assertEquals("Sunny in Oslo.", result.output());
            assertEquals(20L, result.perTurn().get(0).usage().promptTokens(),
                    "the turn counts the tokens of the ignored reply and of the one asked again");
            assertEquals(45L, result.usage().totalTokens(), "every billed token is in the run's total");
        }
        JsonNode first = server.requests().get(0).json();
        assertFalse(first.has("tool_choice"));
        JsonNode messages = first.path("messages");
        assertTrue(messages.path(messages.size() - 1).path("content").asString().contains("`get_weather`"));
        assertEquals(List.of("weather Oslo"), tools.calls, "the ignored instruction was asked again");
    }

    @Test
    void geminiGetsSanitisedSchemasWhileTheFullSchemaStillValidates() {
        record Point(@jakarta.validation.constraints.Min(0) int x) {
        }
        class Plotter {
            @Tool
            public String plot(Point first, Point second) {
                return "plotted";
            }
        }
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\","
                + "\"function\":{\"name\":\"plot\",\"arguments\":\"{\\\"first\\\":{\\\"x\\\":-1},\\\"second\\\":{\\\"x\\\":1}}\"}}]}",
                "tool_calls")));
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":\"ok\"}", "stop")));
        try (OpenAiCompatibleModel model = model("google/gemini-2.0-flash-001", false)) {
            Agent.builder().model(model).tools(new Plotter()).build().run("plot");
        }
        JsonNode parameters = server.requests().get(0).json().path("tools").path(0).path("function").path("parameters");
        assertFalse(parameters.toString().contains("$ref") || parameters.toString().contains("$defs"), parameters.toString());
        assertEquals("integer", parameters.path("properties").path("first").path("properties").path("x").path("type")
                .asString());
        assertTrue(messagesOfRequest(1).path(2).path("content").asString().contains("first.x' must be greater than or equal to 0"));
    }

    @Test
    void qwenLongGetsAnEmptyStringWhereOthersGetNullContent() {
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_time\",\"arguments\":\"{}\"}}]}", "tool_calls")));
        server.enqueue(Reply.json(completion("{\"role\":\"assistant\",\"content\":\"noon\"}", "stop")));
        run("qwen-long", false);
        JsonNode assistant = messagesOfRequest(1).path(1);
        assertTrue(assistant.path("content").isString() && assistant.path("content").asString().isEmpty());
        assertEquals("get_time", messagesOfRequest(1).path(2).path("name").asString());
    }

    @Test
    void everyToolMessageCarriesItsCallsIdNameAndNonEmptyContent() {
        ModelResponse response = new ModelResponse(AssistantMessage.ofToolCalls(List.of(ToolCall.of("z", "get_time", "{}"))),
                FinishReason.TOOL_CALLS, null, null, null);
        assertTrue(response.message().hasToolCalls());
        server.enqueue(Reply.completion(response.message()));
        server.enqueue(Reply.completion(AssistantMessage.of("ok")));
        run("gemini-2.0-flash", false);
        JsonNode tool = messagesOfRequest(1).path(2);
        assertEquals("z", tool.path("tool_call_id").asString());
        assertEquals("get_time", tool.path("name").asString());
        assertFalse(tool.path("content").asString().isEmpty());
        assertTrue(messagesOfRequest(1).path(1).get("content").isNull());
        assertHistoryValid(messagesOfRequest(1));
    }

    private JsonNode send(String modelId, boolean stream, ModelSettings settings, List<Message> messages) {
        server.enqueue(stream ? Reply.stream(AssistantMessage.of("ok")) : Reply.completion(AssistantMessage.of("ok")));
        try (OpenAiCompatibleModel model = model(modelId, stream)) {
            model.complete(new ModelRequest(messages, List.of(), settings, null, null));
        }
        return server.lastRequest().json();
    }

    @Test
    void dashScopeThinkingModelsGetEnableThinkingOffOnBlockingCallsUnlessTheUserSetIt() {
        List<Message> hello = List.of(Message.user("hello"));
        assertFalse(send("qwen-plus", false, ModelSettings.DEFAULT, hello).path("enable_thinking").asBoolean(true));
        assertFalse(send("qwen3-235b-a22b", false, ModelSettings.DEFAULT, hello).path("enable_thinking").asBoolean(true));
        assertFalse(send("qwen3-235b-a22b", true, ModelSettings.DEFAULT, hello).has("enable_thinking"));
        assertFalse(send("qwen3-coder-plus", false, ModelSettings.DEFAULT, hello).has("enable_thinking"));
        assertFalse(send("qwen-max", false, ModelSettings.DEFAULT, hello).has("enable_thinking"));
        assertFalse(send("gpt-4o", false, ModelSettings.DEFAULT, hello).has("enable_thinking"));
        ModelSettings thinking = ModelSettings.builder().extraBody("enable_thinking", true).build();
        assertTrue(send("qwen-plus", false, thinking, hello).path("enable_thinking").asBoolean(false));
        assertEquals(ModelProfiles.QWEN3, ModelProfiles.standard().forModel("qwen/qwen3-32b"));
    }

    @Test
    void jsonObjectOutputWithoutTheWordJsonInTheMessagesGetsANoteThatNamesIt() {
        ModelSettings json = ModelSettings.builder().responseFormat(ResponseFormat.jsonObject()).build();
        JsonNode messages = send("qwen-plus", false, json, List.of(Message.user("List three colours."))).path("messages");
        assertEquals(2, messages.size());
        assertEquals("system", messages.path(1).path("role").asString());
        assertTrue(messages.path(1).path("content").asString().contains("JSON"));

        JsonNode asked = send("qwen-plus", false, json, List.of(Message.user("List three colours as Json."))).path("messages");
        assertEquals(1, asked.size(), "the messages name JSON already");
        JsonNode plain = send("qwen-plus", false, ModelSettings.DEFAULT, List.of(Message.user("List three colours.")));
        assertEquals(1, plain.path("messages").size(), "no note without json_object");
    }

    @Test
    void geminiGetsASanitisedResponseFormatSchemaWithoutStrict() {
        JsonNode schema = JSON.readTree("{\"type\":\"object\",\"additionalProperties\":false,\"$defs\":{\"p\":"
                + "{\"type\":\"integer\",\"minimum\":1}},\"properties\":{\"n\":{\"$ref\":\"#/$defs/p\"}},\"required\":[\"n\"]}");
        ModelSettings settings = ModelSettings.builder().responseFormat(ResponseFormat.jsonSchema("answer", schema)).build();
        List<Message> hello = List.of(Message.user("hello"));
        JsonNode gemini = send("google/gemini-2.0-flash-001", false, settings, hello).path("response_format").path("json_schema");
        String sent = gemini.path("schema").toString();
        assertFalse(sent.contains("$ref") || sent.contains("$defs") || sent.contains("additionalProperties"), sent);
        assertEquals("integer", gemini.path("schema").path("properties").path("n").path("type").asString());
        assertFalse(gemini.has("strict"));
        JsonNode other = send("gpt-4o", false, settings, hello).path("response_format").path("json_schema");
        assertTrue(other.path("schema").toString().contains("$ref"), "other models get the schema as it is");
        assertTrue(other.has("strict"));
    }

    @Test
    void aHistoryWithUnansweredCallsAndOrphanToolMessagesIsRepairedOnTheWire() {
        List<Message> history = List.of(
                Message.user("weather and time?"),
                Message.tool("stray", "get_time", "noon"),
                AssistantMessage.ofToolCalls(List.of(ToolCall.of("a", "get_weather", "{\"city\":\"Oslo\"}"),
                        ToolCall.of("b", "get_time", "{}"))),
                Message.tool("b", "get_time", "noon"),
                Message.tool("b", "get_time", "noon again"),
                Message.tool("zzz", "get_time", "noon"),
                Message.user("and now?"));
        JsonNode messages = send("qwen-plus", false, ModelSettings.DEFAULT, history).path("messages");
        assertEquals(List.of("user", "assistant", "tool", "tool", "user"), roles(messages));
        assertEquals("b", messages.path(2).path("tool_call_id").asString());
        assertEquals("noon", messages.path(2).path("content").asString());
        assertEquals("a", messages.path(3).path("tool_call_id").asString());
        assertEquals("get_weather", messages.path(3).path("name").asString());
        assertTrue(messages.path(3).path("content").asString().toLowerCase(java.util.Locale.ROOT).contains("not run"));
        assertHistoryValid(messages);
        assertEquals(7, history.size(), "the caller's history is left as it was");

        JsonNode cutShort = send("qwen-plus", false, ModelSettings.DEFAULT, history.subList(0, 3)).path("messages");
        assertEquals(List.of("user", "assistant", "tool", "tool"), roles(cutShort));
        assertHistoryValid(cutShort);
    }

    private static List<String> roles(JsonNode messages) {
        List<String> roles = new java.util.ArrayList<>();
        messages.forEach(message -> roles.add(message.path("role").asString()));
        return roles;
    }

    @Test
    void aMaxTokensAboveTheModelsLimitIsSentAsTheLimit() {
        ModelSettings generous = ModelSettings.builder().maxTokens(100_000).build();
        List<Message> hello = List.of(Message.user("hello"));
        assertEquals(8_192, send("qwen-plus", false, generous, hello).path("max_tokens").asInt());
        assertEquals(100_000, send("gpt-4o", false, generous, hello).path("max_tokens").asInt());
        ModelSettings modest = ModelSettings.builder().maxTokens(500).build();
        assertEquals(500, send("qwen-plus", false, modest, hello).path("max_tokens").asInt());
    }
}
