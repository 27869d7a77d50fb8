package dev.corvid.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ToolCall;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.Reply;
import dev.corvid.ReadmeSnippets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Compiles the quick start of README.md and runs it, as a new user would, against a local server that
 * plays DashScope: the README cannot promise code that does not work.
 */
class ReadmeQuickStartTest {

    @Test
    void theQuickStartCompilesAndAnswersThroughItsTool(@TempDir Path directory) throws Exception {
        ReadmeSnippets.compile(directory, "QuickStart", ReadmeSnippets.javaAfter("## Quick start"));

        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            server.otherwise(request -> {
                JsonNode messages = request.json().path("messages");
                JsonNode last = messages.path(messages.size() - 1);
                AssistantMessage reply = last.path("role").asString().equals("tool")
                        ? AssistantMessage.of("It is " + last.path("content").asString() + " degrees Celsius in Paris.")
                        : AssistantMessage.ofToolCalls(List.of(ToolCall.of("call_1", "temperature",
                                "{\"city\": \"Paris\"}")));
                return request.json().path("stream").asBoolean() ? Reply.stream(reply) : Reply.completion(reply);
            });
            ReadmeSnippets.Exit exit = ReadmeSnippets.runMain(directory, "QuickStart", Map.of(
                    "DASHSCOPE_API_KEY", "sk-quick-start", "DASHSCOPE_BASE_URL", server.baseUrl()), Duration.ofSeconds(60));

            assertEquals(0, exit.status(), exit.stderr());
            assertEquals("It is 21.5 degrees Celsius in Paris.", exit.stdout().strip());
            assertEquals(2, server.requests().size());
            assertEquals("qwen-plus", server.requests().get(0).json().path("model").asString());
            assertEquals("Bearer sk-quick-start", server.requests().get(0).header("Authorization"));
        }
    }
}
