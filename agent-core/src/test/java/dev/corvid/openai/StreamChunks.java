package dev.corvid.openai;

import dev.corvid.model.AssistantMessage;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The chunk payloads {@link Reply#stream} sends for a message, read off the wire for tests that replay them. */
final class StreamChunks {

    private StreamChunks() {
    }

    static List<String> of(AssistantMessage message) {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            server.enqueue(Reply.stream(message));
            HttpURLConnection connection = (HttpURLConnection) URI.create(server.baseUrl() + "/chat/completions")
                    .toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.getOutputStream().write("{}".getBytes(StandardCharsets.UTF_8));
            String raw = new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return raw.lines().filter(line -> line.startsWith("data: {")).map(line -> line.substring(6)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The wire form of chunks: one {@code data:} event each, then {@code [DONE]}. */
    static byte[] wireBytes(List<String> chunks) {
        StringBuilder whole = new StringBuilder();
        for (String chunk : chunks) {
            whole.append("data: ").append(chunk).append("\n\n");
        }
        return whole.append("data: [DONE]\n\n").toString().getBytes(StandardCharsets.UTF_8);
    }
}
