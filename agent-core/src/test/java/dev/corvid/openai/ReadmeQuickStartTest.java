package dev.corvid.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ToolCall;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.Reply;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Compiles the quick start of README.md and runs it, as a new user would, against a local server that
 * plays DashScope: the README cannot promise code that does not work.
 */
class ReadmeQuickStartTest {

    static String quickStart() throws Exception {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            Path readme = at.resolve("README.md");
            if (Files.isRegularFile(readme) && Files.readString(readme).contains("## Quick start")) {
                String text = Files.readString(readme);
                int section = text.indexOf("## Quick start");
                int start = text.indexOf("```java\n", section) + "```java\n".length();
                return text.substring(start, text.indexOf("```", start));
            }
        }
        throw new IllegalStateException("README.md with a Quick start section not found above "
                + Path.of("").toAbsolutePath());
    }

    @Test
    void theQuickStartCompilesAndAnswersThroughItsTool(@TempDir Path directory) throws Exception {
        Path source = directory.resolve("QuickStart.java");
        Files.writeString(source, quickStart());
        String classPath = System.getProperty("java.class.path");
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-parameters", "-classpath",
                classPath, "-d", directory.toString(), source.toString());
        assertEquals(0, compiled, "the quick start compiles");

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
            ProcessBuilder run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", directory + File.pathSeparator + classPath, "QuickStart");
            run.environment().put("DASHSCOPE_API_KEY", "sk-quick-start");
            run.environment().put("DASHSCOPE_BASE_URL", server.baseUrl());
            Process process = run.start();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));

            assertEquals(0, process.exitValue(), stderr);
            assertEquals("It is 21.5 degrees Celsius in Paris.", stdout.strip());
            assertEquals(2, server.requests().size());
            assertEquals("qwen-plus", server.requests().get(0).json().path("model").asString());
            assertEquals("Bearer sk-quick-start", server.requests().get(0).header("Authorization"));
        }
    }
}
