package dev.corvid.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.corvid.tool.ToolResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The headers a Streamable HTTP server sees: the configured ones on every request, and the session id it
 * handed out on every request after the handshake. A loopback server that answers with plain JSON records them.
 */
class HttpHeadersTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request as the server saw it. */
    record Seen(String method, String authorization, String session) {
    }

    @Test
    void configuredHeadersAndTheSessionIdGoWithEveryRequest() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/mcp", exchange -> answer(exchange, seen));
        server.start();
        try (McpServer remote = McpServer.builder("remote")
                .url("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp")
                .header("Authorization", "Bearer token-from-the-environment").build()) {
            assertEquals(ToolResult.success("pong"), Calls.call(remote, "ping", "{}"));
        } finally {
            server.stop(0);
        }
        List<Seen> posts = seen.stream().filter(request -> !request.method().equals("GET")
                && !request.method().equals("DELETE")).toList();
        assertTrue(posts.size() >= 3, posts.toString());
        assertTrue(posts.stream().allMatch(request -> "Bearer token-from-the-environment".equals(request.authorization())),
                posts.toString());
        assertEquals("initialize", posts.get(0).method());
        assertEquals(null, posts.get(0).session());
        assertTrue(posts.subList(1, posts.size()).stream().allMatch(request -> "session-42".equals(request.session())),
                posts.toString());
    }

    private static void answer(HttpExchange exchange, List<Seen> seen) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String session = exchange.getRequestHeaders().getFirst("Mcp-Session-Id");
        if (!exchange.getRequestMethod().equals("POST")) {
            seen.add(new Seen(exchange.getRequestMethod(), authorization, session));
            // No stream of server messages here, and nothing to end.
            exchange.sendResponseHeaders(405, -1);
            exchange.close();
            return;
        }
        JsonNode message = JSON.readTree(exchange.getRequestBody().readAllBytes());
        String method = message.path("method").asString("");
        seen.add(new Seen(method, authorization, session));
        if (!message.has("id")) {
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
            return;
        }
        ObjectNode result = JSON.createObjectNode();
        switch (method) {
            case "initialize" -> {
                result.put("protocolVersion", message.path("params").path("protocolVersion").asString());
                result.putObject("capabilities").putObject("tools");
                result.putObject("serverInfo").put("name", "loopback").put("version", "1");
                exchange.getResponseHeaders().add("Mcp-Session-Id", "session-42");
            }
            case "tools/list" -> {
                ObjectNode ping = result.putArray("tools").addObject().put("name", "ping");
                ping.putObject("inputSchema").put("type", "object");
            }
            case "tools/call" -> result.putArray("content").addObject().put("type", "text").put("text", "pong");
            default -> { }
        }
        ObjectNode reply = JSON.createObjectNode().put("jsonrpc", "2.0");
        reply.set("id", message.get("id"));
        reply.set("result", result);
        byte[] body = JSON.writeValueAsString(reply).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
