package dev.corvid.mcp;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small MCP server over stdio, run as its own JVM by the tests, for what the npm servers cannot do on
 * demand: crash, hang, fail to start, change its tools, answer with an error.
 *
 * <p>Its tools: {@code ping}; {@code crash} (exits at once); {@code hang} (never answers); {@code fail}
 * (an {@code isError} result); {@code reject} (a JSON-RPC error); {@code add_tool} (adds {@code extra} and
 * announces the change); {@code where} (its working directory and {@code CORVID_TEST_VALUE}). With the
 * argument {@code broken} it writes to stderr and exits before the handshake; with {@code stubborn} it
 * stays alive after its stdin closes; with {@code tool NAME} it also lists a tool of that name (calling it
 * is an error).
 */
public final class ScriptedMcpServer {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final List<String> TOOLS = new ArrayList<>(
            List.of("ping", "crash", "hang", "fail", "reject", "add_tool", "where"));

    private ScriptedMcpServer() {
    }

    /** Returns the command line that runs this server in a fresh JVM with the tests' class path. */
    static List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), ScriptedMcpServer.class.getName()));
        command.addAll(List.of(arguments));
        return command;
    }

    public static void main(String[] arguments) throws Exception {
        if (arguments.length > 0 && arguments[0].equals("broken")) {
            System.err.println("loading configuration");
            System.err.println("fatal: the database is locked");
            System.exit(3);
        }
        for (int i = 0; i + 1 < arguments.length; i++) {
            if (arguments[i].equals("tool")) {
                TOOLS.add(arguments[i + 1]);
            }
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            JsonNode message = JSON.readTree(line);
            if (!message.has("id") || !message.has("method")) {
                continue;
            }
            JsonNode id = message.get("id");
            JsonNode params = message.path("params");
            switch (message.get("method").asString()) {
                case "initialize" -> {
                    ObjectNode result = JSON.createObjectNode();
                    result.put("protocolVersion", params.path("protocolVersion").asString("2025-06-18"));
                    result.putObject("capabilities").putObject("tools").put("listChanged", true);
                    result.putObject("serverInfo").put("name", "scripted").put("version", "1.0");
                    reply(id, result);
                }
                case "tools/list" -> reply(id, toolList());
                case "tools/call" -> call(id, params.path("name").asString(), params.path("arguments"));
                case "ping" -> reply(id, JSON.createObjectNode());
                default -> error(id, -32601, "no method " + message.get("method").asString());
            }
        }
        if (arguments.length > 0 && arguments[0].equals("stubborn")) {
            // Outlives its client's stdin, as some servers do, so only a signal ends it.
            Thread.sleep(120_000);
        }
    }

    private static void call(JsonNode id, String tool, JsonNode arguments) {
        switch (tool) {
            case "ping" -> reply(id, text("pong", false));
            case "crash" -> {
                System.err.println("about to crash");
                System.exit(7);
            }
            case "hang" -> {
                // Never answers: the client's timeout must end the call.
            }
            case "fail" -> reply(id, text("the disk is full", true));
            case "reject" -> error(id, -32602, "the widget id is unknown");
            case "add_tool" -> {
                TOOLS.add("extra");
                reply(id, text("added", false));
                notify("notifications/tools/list_changed");
            }
            case "where" -> reply(id, text(Path.of("").toAbsolutePath() + " " + System.getenv("CORVID_TEST_VALUE"),
                    false));
            case "extra" -> reply(id, text("extra " + arguments.path("word").asString(""), false));
            default -> error(id, -32602, "no tool " + tool);
        }
    }

    private static ObjectNode toolList() {
        ObjectNode result = JSON.createObjectNode();
        ArrayNode tools = result.putArray("tools");
        for (String name : TOOLS) {
            ObjectNode tool = tools.addObject();
            tool.put("name", name);
            tool.put("description", "the scripted " + name);
            ObjectNode schema = tool.putObject("inputSchema");
            schema.put("type", "object");
            if (name.equals("extra")) {
                schema.putObject("properties").putObject("word").put("type", "string");
                schema.putArray("required").add("word");
            }
            if (name.equals("ping")) {
                tool.putObject("annotations").put("readOnlyHint", true);
            }
        }
        return result;
    }

    private static ObjectNode text(String text, boolean isError) {
        ObjectNode result = JSON.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        result.put("isError", isError);
        return result;
    }

    private static void reply(JsonNode id, JsonNode result) {
        ObjectNode message = JSON.createObjectNode().put("jsonrpc", "2.0");
        message.set("id", id);
        message.set("result", result);
        OUT.println(JSON.writeValueAsString(message));
    }

    private static void error(JsonNode id, int code, String text) {
        ObjectNode message = JSON.createObjectNode().put("jsonrpc", "2.0");
        message.set("id", id);
        message.putObject("error").put("code", code).put("message", text);
        OUT.println(JSON.writeValueAsString(message));
    }

    private static void notify(String method) {
        OUT.println(JSON.writeValueAsString(JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method)));
    }
}
