package dev.corvid.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunOutcome;
import dev.corvid.agent.RunResult;
import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ModelPrice;
import dev.corvid.model.PriceTable;
import dev.corvid.model.ToolCall;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.tool.Tool;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * For every model of providers.md, replays a complete three-turn tool-calling run in its provider's wire
 * format, blocking and streamed, through the provider's preset, and checks the answer, the tools' effects,
 * the cost, and every request sent: valid against OpenAI's schema, shaped as the model's profile says, and
 * with a valid history.
 */
class ProviderReplayTest {

    static Stream<Arguments> models() {
        List<Arguments> rows = new java.util.ArrayList<>();
        Object[][] table = {
            {Provider.ROUTERAI, "qwen/qwen3-coder-flash", ProviderDialect.ROUTERAI},
            {Provider.ROUTERAI, "google/gemini-2.0-flash-001", ProviderDialect.ROUTERAI_GEMINI},
            {Provider.ROUTERAI, "moonshotai/kimi-k2-0905:exacto", ProviderDialect.ROUTERAI_KIMI},
            {Provider.WCODE, "qwen/qwen3-coder", ProviderDialect.WCODE},
            {Provider.DASHSCOPE, "qwen-max", ProviderDialect.DASHSCOPE},
            {Provider.DASHSCOPE, "qwen-plus", ProviderDialect.DASHSCOPE},
            {Provider.DASHSCOPE, "qwen-turbo", ProviderDialect.DASHSCOPE},
            {Provider.DASHSCOPE, "qwen-long", ProviderDialect.DASHSCOPE},
            {Provider.DASHSCOPE, "qwen-vl-max", ProviderDialect.DASHSCOPE},
            {Provider.DASHSCOPE, "qwen-vl-plus", ProviderDialect.DASHSCOPE},
            {Provider.DASHSCOPE, "qwen2.5-coder-32b", ProviderDialect.DASHSCOPE},
        };
        for (Object[] row : table) {
            for (boolean stream : new boolean[] {false, true}) {
                rows.add(Arguments.of(row[0], row[1], row[2], stream));
            }
        }
        return rows.stream();
    }

    static class Desk {
        final List<String> notes = new CopyOnWriteArrayList<>();

        @Tool("Returns the weather in a city")
        public String get_weather(String city) {
            return "sunny, 21 degrees in " + city;
        }

        @Tool("Adds two integers")
        public int add(int a, int b) {
            return a + b;
        }

        @Tool("Saves a note for the user")
        public String save_note(String text) {
            notes.add(text);
            return "saved";
        }
    }

    /** The scripted model: two calls at once, then one, then the answer, decided from the request. */
    private static AssistantMessage next(JsonNode request) {
        long toolResults = 0;
        for (JsonNode message : request.path("messages")) {
            toolResults += message.path("role").asString().equals("tool") ? 1 : 0;
        }
        if (toolResults == 0) {
            return AssistantMessage.ofToolCalls(List.of(ToolCall.of("call_w", "get_weather", "{\"city\":\"Paris\"}"),
                    ToolCall.of("call_a", "add", "{\"a\":2,\"b\":3}")));
        }
        if (toolResults == 2) {
            return AssistantMessage.ofToolCalls(List.of(ToolCall.of("call_n", "save_note",
                    "{\"text\":\"Paris: sunny; 2+3=5\"}")));
        }
        return AssistantMessage.of("Noted: it is sunny in Paris, and 2+3=5.");
    }

    @ParameterizedTest(name = "{1} via {0}, stream={3}")
    @MethodSource("models")
    void aThreeTurnToolRunWorks(Provider provider, String model, ProviderDialect dialect, boolean stream) {
        Desk desk = new Desk();
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            server.otherwise(request -> dialect.render(next(request.json()), stream));
            OpenAiCompatibleModel chatModel = provider.builder(Map.of(provider.apiKeyVariable(), "sk-replay",
                    provider.baseUrlVariable(), server.baseUrl())).model(model).stream(stream).build();
            ModelPrice price = PriceTable.bundled().price(provider.id(), model).orElse(null);
            Agent.Builder agent = Agent.builder().model(chatModel).instructions("Help the user.").tools(desk)
                    .parallelToolCalls(true);
            if (price != null) {
                agent.price(price);
            }
            RunResult<String> result;
            try (chatModel) {
                result = agent.build().run("What's the weather in Paris, what is 2+3, and note both.");
            }

            assertEquals(RunOutcome.ANSWERED, result.outcome(), result.detail());
            assertEquals("Noted: it is sunny in Paris, and 2+3=5.", result.output());
            assertEquals(List.of("Paris: sunny; 2+3=5"), desk.notes);
            assertEquals(3, result.turns());
            assertEquals(3_600L, result.usage().totalTokens());
            if (price != null) {
                assertNotNull(result.cost(), "a priced model reports its cost");
                assertEquals(price.currency(), result.cost().currency());
            } else {
                assertNull(result.cost());
            }
            assertEquals(3, server.requests().size());
            ModelProfile profile = chatModel.profile();
            for (var request : server.requests()) {
                JsonNode body = request.json();
                OpenAiSpec.assertValidRequest(body);
                assertEquals(model, body.path("model").asString());
                assertEquals("Bearer sk-replay", request.header("Authorization"));
                assertEquals(stream, body.path("stream").asBoolean(false));
                assertEquals(profile.parallelToolCalls(), body.has("parallel_tool_calls"));
                assertEquals(profile.thinkingSwitch() && !stream, body.has("enable_thinking"),
                        "enable_thinking exactly on blocking calls of models with the switch");
                assertShapedForProfile(body, profile);
            }
            assertHistoryValid(server.requests().get(2).json().path("messages"), profile);
        }
    }

    private static void assertShapedForProfile(JsonNode body, ModelProfile profile) {
        String tools = body.path("tools").toString();
        if (profile.schemaDialect() == ModelProfile.SchemaDialect.GEMINI) {
            for (String rejected : List.of("\"strict\"", "additionalProperties", "$schema", "$ref", "$defs", "\"const\"")) {
                assertFalse(tools.contains(rejected), rejected + " sent to " + profile.name() + ": " + tools);
            }
        }
        for (JsonNode message : body.path("messages")) {
            if (message.path("role").asString().equals("assistant") && message.has("tool_calls")) {
                JsonNode content = message.get("content");
                if (profile.emptyContent() == ModelProfile.EmptyContent.EMPTY_STRING) {
                    assertTrue(content.isString() && content.asString().isEmpty(), "content \"\" for " + profile.name());
                } else {
                    assertTrue(content.isNull(), "content null for " + profile.name());
                }
            }
            if (message.path("role").asString().equals("tool")) {
                assertEquals(profile.toolMessageName(), message.has("name"));
                assertFalse(message.path("content").asString().isEmpty());
            }
        }
    }

    private static void assertHistoryValid(JsonNode messages, ModelProfile profile) {
        int calls = 0;
        for (int i = 0; i < messages.size(); i++) {
            for (JsonNode call : messages.path(i).path("tool_calls")) {
                calls++;
                String id = call.path("id").asString();
                assertFalse(id.isEmpty(), "every call has an id for " + profile.name());
                int answers = 0;
                for (int j = i + 1; j < messages.size() && messages.path(j).path("role").asString().equals("tool"); j++) {
                    answers += messages.path(j).path("tool_call_id").asString().equals(id) ? 1 : 0;
                }
                assertEquals(1, answers, "call " + id + " answered exactly once");
            }
        }
        assertEquals(3, calls);
    }
}
