package dev.corvid.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A mock OpenAI-compatible chat-completions server on loopback, run by the benchmark in a JVM of its own so
 * that its CPU is not counted for the client.
 *
 * <p>A request without tool messages gets the two tool calls; a request carrying both tool results gets the
 * final answer built from them; anything else gets a 400 that makes the client fail. {@code "stream": true}
 * selects SSE chunks, otherwise one JSON document. Every response waits the configured latency before its
 * first byte. Connections are kept alive. Thread-safe.
 *
 * <p>Run it as {@code MockServer [--port N] [--latency-ms N]}; it prints {@code mock listening on URL} and
 * serves until its standard input closes.
 */
public final class MockServer implements AutoCloseable {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService executor;
    private final long latencyMillis;
    private final MockReplies replies = new MockReplies();

    private MockServer(int port, long latencyMillis) throws IOException {
        // Read once when the JDK server starts: keep every idle client connection open for reuse (the
        // default closes those past 200), and send small SSE chunks without Nagle's delay.
        System.setProperty("sun.net.httpserver.maxIdleConnections",
                System.getProperty("sun.net.httpserver.maxIdleConnections", "10000"));
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.latencyMillis = latencyMillis;
        this.executor = BenchThreads.perTask();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /**
     * Starts a mock server on loopback.
     *
     * @param port the port, or 0 for any free one
     * @param latencyMillis how long every response waits before its first byte
     */
    static MockServer start(int port, long latencyMillis) throws IOException {
        return new MockServer(port, latencyMillis);
    }

    /** Returns the base URL clients use, ending in {@code /v1}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Serves until standard input closes, which happens when the orchestrator exits or stops it. */
    public static void main(String[] args) throws IOException {
        Options options = Options.parse(args);
        MockServer mock = start(options.intValue("port", 0), options.intValue("latency-ms", 0));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println("mock listening on " + mock.baseUrl());
        while (System.in.read() >= 0) {
            // Nothing is expected on standard input; its end is the signal to stop.
        }
        mock.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!"POST".equals(exchange.getRequestMethod())
                    || !exchange.getRequestURI().getPath().endsWith("/chat/completions")) {
                send(exchange, 404, MockReplies.errorJson("only POST /v1/chat/completions is served"));
                return;
            }
            JsonNode request = MAPPER.readTree(body);
            boolean stream = request.path("stream").asBoolean(false);
            List<byte[]> events;
            byte[] json;
            JsonNode messages = request.path("messages");
            if (!hasToolResults(messages)) {
                events = replies.toolCallsEvents;
                json = replies.toolCallsJson;
            } else {
                String weather = toolResult(messages, MockReplies.WEATHER_CALL_ID);
                String sum = toolResult(messages, MockReplies.ADD_CALL_ID);
                if (weather == null || sum == null) {
                    send(exchange, 400, MockReplies.errorJson("the request must answer both tool calls, "
                            + MockReplies.WEATHER_CALL_ID + " and " + MockReplies.ADD_CALL_ID));
                    return;
                }
                String text = MockReplies.answerText(weather, sum);
                events = stream ? replies.answerEvents(text) : null;
                json = stream ? null : replies.answerJson(text);
            }
            pause();
            if (stream) {
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.getResponseHeaders().set("Cache-Control", "no-cache");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                for (byte[] event : events) {
                    // One chunk per event on the wire, as a real provider streams them.
                    out.write(event);
                    out.flush();
                }
                out.close();
            } else {
                send(exchange, 200, json);
            }
        } catch (RuntimeException e) {
            send(exchange, 400, MockReplies.errorJson("the mock could not read the request: " + e.getMessage()));
        } finally {
            exchange.close();
        }
    }

    private static boolean hasToolResults(JsonNode messages) {
        for (JsonNode message : messages) {
            if ("tool".equals(message.path("role").asString(""))) {
                return true;
            }
        }
        return false;
    }

    /** Returns the content of the tool message answering the call, or null when there is none. */
    private static String toolResult(JsonNode messages, String callId) {
        for (JsonNode message : messages) {
            if ("tool".equals(message.path("role").asString("")) && callId.equals(message.path("tool_call_id").asString(""))) {
                JsonNode content = message.path("content");
                if (content.isArray()) {
                    StringBuilder text = new StringBuilder();
                    content.forEach(part -> text.append(part.path("text").asString("")));
                    return text.toString();
                }
                return content.asString(null);
            }
        }
        return null;
    }

    private void pause() {
        if (latencyMillis > 0) {
            try {
                Thread.sleep(latencyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] json) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }
}
