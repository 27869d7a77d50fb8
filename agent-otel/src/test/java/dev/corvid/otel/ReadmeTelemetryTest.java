package dev.corvid.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.Agent;
import dev.corvid.model.AssistantMessage;
import dev.corvid.openai.OpenAiCompatibleModel;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.Reply;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Compiles the Telemetry snippet of README.md and runs it: the README cannot promise code that does not work. */
class ReadmeTelemetryTest {

    @RegisterExtension
    static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

    static String snippet() throws Exception {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            Path readme = at.resolve("README.md");
            if (Files.isRegularFile(readme) && Files.readString(readme).contains("## Telemetry")) {
                String text = Files.readString(readme);
                int start = text.indexOf("```java\n", text.indexOf("## Telemetry")) + "```java\n".length();
                return text.substring(start, text.indexOf("```", start));
            }
        }
        throw new IllegalStateException("README.md with a Telemetry section not found above "
                + Path.of("").toAbsolutePath());
    }

    @Test
    void theReadmeSnippetCompilesAndRecordsARun(@TempDir Path directory) throws Exception {
        Path source = directory.resolve("Snippet.java");
        Files.writeString(source, "import dev.corvid.agent.Agent;\n"
                + "import dev.corvid.otel.Telemetry;\n"
                + "import dev.corvid.openai.OpenAiCompatibleModel;\n"
                + "import io.opentelemetry.api.OpenTelemetry;\n"
                + "public class Snippet {\n"
                + "    public static Agent agent(OpenTelemetry openTelemetry, OpenAiCompatibleModel model) {\n"
                + snippet()
                + "        return agent;\n"
                + "    }\n"
                + "}\n");
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-classpath",
                System.getProperty("java.class.path"), "-d", directory.toString(), source.toString());
        assertEquals(0, compiled, "the snippet compiles");

        try (FakeOpenAiServer server = FakeOpenAiServer.start();
             OpenAiCompatibleModel model = OpenAiCompatibleModel.builder().baseUrl(server.baseUrl())
                     .model("test-model").build();
             URLClassLoader loader = new URLClassLoader(new URL[] {directory.toUri().toURL()},
                     getClass().getClassLoader())) {
            server.enqueue(Reply.completion(AssistantMessage.of("Hello.")));
            Agent agent = (Agent) loader.loadClass("Snippet").getMethod("agent", OpenTelemetry.class,
                    OpenAiCompatibleModel.class).invoke(null, OTEL.getOpenTelemetry(), model);
            try (agent) {
                assertEquals("Hello.", agent.run("Hi").output());
            }
        }
        assertTrue(OTEL.getSpans().stream().map(SpanData::getName).toList().containsAll(
                java.util.List.of("invoke_agent", "chat test-model")), () -> "spans: " + OTEL.getSpans());
    }
}
