package dev.corvid.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.corvid.ReadmeSnippets;
import dev.corvid.testing.ScriptedChatModel;
import java.net.URI;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's streaming server, compiled as it stands and asked a question over HTTP. */
class ReadmeStreamingTest {

    @Test
    void theStreamingSnippetSendsTheAnswerAsServerSentEventsAsItArrives(@TempDir Path directory) throws Exception {
        ReadmeSnippets.compile(directory, "StreamingServer", ReadmeSnippets.javaAfter("## Streaming"));
        Agent agent = Agent.builder().model(ScriptedChatModel.builder().answer("Sunny, 21 degrees.").build()).build();
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {directory.toUri().toURL()},
                getClass().getClassLoader())) {
            HttpServer server = (HttpServer) loader.loadClass("StreamingServer").getMethod("serve", Agent.class, int.class)
                    .invoke(null, agent, 0);
            try {
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + server.getAddress().getPort() + "/ask?q=Weather%20in%20Paris%3F"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse(""));
                StringBuilder text = new StringBuilder();
                int events = 0;
                for (String line : response.body().split("\n")) {
                    if (line.startsWith("data: ")) {
                        text.append(line.substring("data: ".length()));
                        events++;
                    }
                }
                assertEquals("Sunny, 21 degrees.", text.toString());
                assertEquals(true, events > 1, "the answer arrived in pieces, not at the end: " + events);
                assertEquals(true, response.body().endsWith("event: done\ndata:\n\n"), response.body());
            } finally {
                server.stop(0);
            }
        }
    }
}
