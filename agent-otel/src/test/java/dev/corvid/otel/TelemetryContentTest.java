package dev.corvid.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.corvid.agent.Agent;
import dev.corvid.testing.ScriptedChatModel;
import dev.corvid.tool.Tool;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TelemetryContentTest {

    @RegisterExtension
    static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final List<AttributeKey<String>> CONTENT = List.of(AttributeKey.stringKey("gen_ai.input.messages"),
            AttributeKey.stringKey("gen_ai.output.messages"), AttributeKey.stringKey("gen_ai.tool.call.arguments"),
            AttributeKey.stringKey("gen_ai.tool.call.result"));

    static class Accounts {
        @Tool
        public String balance(String customer) {
            return "{\"customer\": \"" + customer + "\", \"balance\": 42}";
        }
    }

    private static void run(Telemetry telemetry) {
        ScriptedChatModel model = ScriptedChatModel.builder().callTool("balance", "{\"customer\": \"Ada\"}")
                .answer("Ada has 42.").build();
        try (Agent agent = Agent.builder().model(model).instructions("You answer about accounts.")
                .tools(new Accounts()).listener(telemetry).build()) {
            agent.run("What is Ada's balance?");
        }
    }

    static JsonNode attribute(SpanData span, String key) {
        String json = span.getAttributes().get(AttributeKey.stringKey(key));
        if (json == null) {
            throw new AssertionError("span " + span.getName() + " lacks " + key + ": " + span.getAttributes());
        }
        return JSON.readTree(json);
    }

    @Test
    void noContentIsRecordedUnlessTheUserOptsIn() {
        run(Telemetry.of(OTEL.getOpenTelemetry(), ScriptedChatModel.builder().answer("unused").build()));
        assertEquals(4, OTEL.getSpans().size(), () -> "run, two model calls and a tool call: " + OTEL.getSpans());
        for (SpanData span : OTEL.getSpans()) {
            for (AttributeKey<String> key : CONTENT) {
                assertNull(span.getAttributes().get(key), () -> span.getName() + " records " + key);
            }
        }
    }

    @Test
    void optedInContentFollowsTheConventionsMessageSchemas() {
        run(Telemetry.builder(OTEL.getOpenTelemetry()).modelName("m").recordContent(true).build());
        List<SpanData> chats = OTEL.getSpans().stream().filter(span -> span.getName().equals("chat m"))
                .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos())).toList();
        assertEquals(2, chats.size());

        JsonNode firstInput = attribute(chats.get(0), "gen_ai.input.messages");
        assertEquals("system", firstInput.get(0).get("role").asString());
        assertEquals("You answer about accounts.", firstInput.get(0).get("parts").get(0).get("content").asString());
        assertEquals("user", firstInput.get(1).get("role").asString());
        assertEquals("text", firstInput.get(1).get("parts").get(0).get("type").asString());
        assertEquals("What is Ada's balance?", firstInput.get(1).get("parts").get(0).get("content").asString());

        JsonNode firstOutput = attribute(chats.get(0), "gen_ai.output.messages").get(0);
        assertEquals("assistant", firstOutput.get("role").asString());
        assertEquals("tool_call", firstOutput.get("finish_reason").asString());
        JsonNode call = firstOutput.get("parts").get(0);
        assertEquals("tool_call", call.get("type").asString());
        assertEquals("call_1", call.get("id").asString());
        assertEquals("balance", call.get("name").asString());
        assertEquals("Ada", call.get("arguments").get("customer").asString(), "arguments are an object");

        JsonNode secondInput = attribute(chats.get(1), "gen_ai.input.messages");
        JsonNode response = secondInput.get(secondInput.size() - 1);
        assertEquals("tool", response.get("role").asString());
        assertEquals("tool_call_response", response.get("parts").get(0).get("type").asString());
        assertEquals("call_1", response.get("parts").get(0).get("id").asString());
        assertEquals(42, response.get("parts").get(0).get("response").get("balance").asInt());
        JsonNode answer = attribute(chats.get(1), "gen_ai.output.messages").get(0);
        assertEquals("Ada has 42.", answer.get("parts").get(0).get("content").asString());
        assertEquals("stop", answer.get("finish_reason").asString());

        SpanData tool = OTEL.getSpans().stream().filter(span -> span.getName().equals("execute_tool balance"))
                .findFirst().orElseThrow();
        assertEquals("Ada", attribute(tool, "gen_ai.tool.call.arguments").get("customer").asString());
        assertEquals(42, attribute(tool, "gen_ai.tool.call.result").get("balance").asInt());
    }
}
