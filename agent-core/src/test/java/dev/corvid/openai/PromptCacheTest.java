package dev.corvid.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunResult;
import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ChatModel;
import dev.corvid.model.Cost;
import dev.corvid.model.Message;
import dev.corvid.model.ModelPrice;
import dev.corvid.model.ModelRequest;
import dev.corvid.model.ToolCall;
import dev.corvid.model.Usage;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.RecordedRequest;
import dev.corvid.testing.Reply;
import dev.corvid.tool.Tool;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a provider's prompt cache needs from a run, and what the run reports of it. */
class PromptCacheTest {

    private final FakeOpenAiServer server = FakeOpenAiServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    static class Notes {
        @Tool("Reads a note")
        public String read(String name) {
            return "the note " + name + " says: ünïcode \"quoted\" and a tab\t.";
        }
    }

    private OpenAiCompatibleModel model() {
        return OpenAiCompatibleModel.builder().baseUrl(server.baseUrl()).apiKey("sk-test-cache").model("qwen/qwen3-coder")
                .stream(false).retryPolicy(RetryPolicy.NONE).build();
    }

    @Test
    void eachRequestRepeatsThePreviousRequestByteForByteBeforeWhatItAdds() {
        server.enqueue(Reply.completion(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c1", "read", "{\"name\":\"a\"}")))));
        server.enqueue(Reply.completion(new AssistantMessage("Reading the second.", null, null, List.of(
                ToolCall.of("c2", "read", "{\"name\":\"b\"}"), ToolCall.of("c3", "read", "{\"name\":\"c\"}")), null)));
        server.enqueue(Reply.completion(AssistantMessage.of("Both say the same.")));
        try (OpenAiCompatibleModel model = model()) {
            Agent agent = Agent.builder().model(model).instructions("You read notes.").tools(new Notes()).build();
            assertEquals("Both say the same.", agent.run("What do the notes say?").output());
        }
        List<RecordedRequest> requests = server.requests();
        assertEquals(3, requests.size());
        for (int i = 1; i < requests.size(); i++) {
            String before = requests.get(i - 1).body();
            String after = requests.get(i).body();
            String earlierMessages = arrayAfter(before, "\"messages\":");
            String laterMessages = arrayAfter(after, "\"messages\":");
            // The earlier array without its closing bracket starts the later one, byte for byte.
            String open = earlierMessages.substring(0, earlierMessages.length() - 1);
            assertTrue(laterMessages.startsWith(open + ","), "request " + (i + 1) + " changed earlier messages:\n"
                    + earlierMessages + "\n" + laterMessages);
            assertTrue(laterMessages.length() > earlierMessages.length());
            assertEquals(before.substring(0, before.indexOf("\"messages\":")),
                    after.substring(0, after.indexOf("\"messages\":")));
            assertEquals(arrayAfter(before, "\"tools\":"), arrayAfter(after, "\"tools\":"), "the tools changed");
        }
    }

    @Test
    void cachedPromptTokensAreReportedAndPricedAtTheCachedRate() {
        server.enqueue(Reply.completion(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c1", "read", "{\"name\":\"a\"}"))),
                Usage.of(1_000, 100)));
        server.enqueue(Reply.completion(AssistantMessage.of("Done."), new Usage(1_200L, 50L, 1_000L, null, null)));
        // Per million tokens: input 30, output 150, cache read 8.
        ModelPrice price = new ModelPrice(Currency.getInstance("RUB"), List.of(new ModelPrice.Tier(Long.MAX_VALUE,
                BigDecimal.valueOf(30), BigDecimal.valueOf(150), BigDecimal.valueOf(8), null)));
        RunResult<String> result;
        try (OpenAiCompatibleModel model = model()) {
            result = Agent.builder().model(model).tools(new Notes()).price(price).build().run("Read a.");
        }
        assertEquals(1_000L, result.perTurn().get(1).usage().cachedTokens());
        assertEquals(null, result.perTurn().get(0).usage().cachedTokens(), "turn 1 reported no cache");
        // Turn 1: 1000 x 30 + 100 x 150; turn 2: 200 x 30 + 1000 x 8 + 50 x 150; per million.
        BigDecimal expected = new BigDecimal("30000").add(new BigDecimal("15000")).add(new BigDecimal("6000"))
                .add(new BigDecimal("8000")).add(new BigDecimal("7500")).divide(BigDecimal.valueOf(1_000_000));
        assertEquals(new Cost(expected, Currency.getInstance("RUB")), result.cost());
    }

    @Test
    void deepSeeksCacheHitTokensAreReadAsCachedTokens() {
        server.enqueue(Reply.json("{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"content\":\"a\"}}],"
                + "\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":10,\"prompt_cache_hit_tokens\":640,"
                + "\"prompt_cache_miss_tokens\":260}}"));
        try (OpenAiCompatibleModel model = model()) {
            assertEquals(640L, model.complete(ModelRequest.of(List.of(Message.user("x")))).usage().cachedTokens());
        }
    }

    @Test
    void aModelReportsItsProfilesContextWindowAndOutputLimit() {
        try (OpenAiCompatibleModel model = model()) {
            ModelProfile profile = model.profile();
            assertEquals(new ChatModel.Limits(profile.contextWindow(), profile.maxOutputTokens()), model.limits());
            assertTrue(model.limits().contextWindow() != null, "the qwen3-coder profile knows its window");
        }
        ChatModel plain = request -> { throw new AssertionError("not asked"); };
        assertEquals(ChatModel.Limits.UNKNOWN, plain.limits());
    }

    /** Returns the JSON array that follows a field name in a body, as the bytes were sent. */
    static String arrayAfter(String body, String field) {
        int start = body.indexOf(field) + field.length();
        assertEquals('[', body.charAt(start), "no array after " + field);
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < body.length(); i++) {
            char c = body.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if ((c == ']' || c == '}') && --depth == 0) {
                return body.substring(start, i + 1);
            }
        }
        throw new AssertionError("the array after " + field + " does not close");
    }
}
