package dev.corvid.mcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads servers from the {@code mcpServers} JSON format that MCP clients share.
 *
 * <pre>{@code
 * {"mcpServers": {
 *   "files":  {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "."],
 *              "env": {"LOG_LEVEL": "warn"}, "cwd": "/srv", "approval": "ask",
 *              "tools": {"read_file": {"approval": "auto"}}},
 *   "search": {"url": "https://mcp.example.com/mcp",
 *              "headers": {"Authorization": "Bearer ${SEARCH_TOKEN}"}, "timeout": 120}
 * }}
 * }</pre>
 *
 * <p>A server has a {@code command} (with {@code args}, {@code env} and {@code cwd}, relative to the file)
 * or a {@code url} (with {@code headers}). {@code ${NAME}} in a value is replaced by that environment
 * variable, so secrets stay out of the file. {@code approval} ({@code auto}, {@code ask} or
 * {@code always-ask}) overrides the grade the server's hints give its tools, and {@code tools} sets it per
 * tool; {@code timeout} is the call timeout in seconds; {@code "disabled": true} skips a server.
 */
public final class McpConfig {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> KEYS = Set.of("command", "args", "env", "cwd", "url", "headers", "type",
            "approval", "tools", "timeout", "disabled");

    private McpConfig() {
    }

    /**
     * Reads a configuration file into unstarted servers.
     *
     * @param file a JSON file with an {@code mcpServers} object
     * @return a builder per enabled server, in the file's order; {@link McpServer.Builder#build()} starts one
     * @throws IllegalArgumentException when the file cannot be read or describes a server wrongly
     */
    public static List<McpServer.Builder> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read MCP configuration " + file + ": " + e.getMessage(), e);
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), base, System::getenv);
    }

    /** Parses configuration text; {@code environment} looks up {@code ${NAME}} variables. */
    static List<McpServer.Builder> parse(String text, String source, Path base, UnaryOperator<String> environment) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode servers = root.path("mcpServers");
        if (!servers.isObject()) {
            throw new IllegalArgumentException(source + " needs an object \"mcpServers\" naming each server, e.g. "
                    + "{\"mcpServers\": {\"files\": {\"command\": \"npx\", \"args\": [...]}}}");
        }
        List<McpServer.Builder> builders = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : servers.properties()) {
            String where = source + ": server '" + entry.getKey() + "'";
            JsonNode server = entry.getValue();
            if (!server.isObject()) {
                throw new IllegalArgumentException(where + " must be an object with a \"command\" or a \"url\"");
            }
            if (server.path("disabled").asBoolean(false)) {
                continue;
            }
            builders.add(server(entry.getKey(), server, where, base, environment));
        }
        return builders;
    }

    private static McpServer.Builder server(String name, JsonNode server, String where, Path base,
                                            UnaryOperator<String> environment) {
        for (String key : server.propertyNames()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(where + " has an unknown key \"" + key + "\"; known keys are "
                        + new java.util.TreeSet<>(KEYS));
            }
        }
        String type = server.path("type").asString("");
        if (type.equals("sse")) {
            throw new IllegalArgumentException(where + " uses the old SSE transport, which Corvid does not speak; "
                    + "use the server's Streamable HTTP endpoint as \"url\"");
        }
        McpServer.Builder builder;
        try {
            builder = McpServer.builder(name);
            if (server.has("command")) {
                List<String> command = new ArrayList<>();
                command.add(text(server.get("command"), where + " \"command\"", environment));
                for (JsonNode argument : array(server.path("args"), where + " \"args\"")) {
                    command.add(text(argument, where + " \"args\"", environment));
                }
                builder.command(command);
                for (Map.Entry<String, JsonNode> variable : object(server.path("env"), where + " \"env\"")) {
                    builder.environment(variable.getKey(), text(variable.getValue(), where + " \"env\"", environment));
                }
                if (server.has("cwd")) {
                    builder.directory(base.resolve(text(server.get("cwd"), where + " \"cwd\"", environment)));
                }
            }
            if (server.has("url")) {
                builder.url(text(server.get("url"), where + " \"url\"", environment));
                for (Map.Entry<String, JsonNode> header : object(server.path("headers"), where + " \"headers\"")) {
                    builder.header(header.getKey(), text(header.getValue(), where + " \"headers\"", environment));
                }
            }
            if (server.has("approval")) {
                builder.approval(approval(server.get("approval"), where));
            }
            for (Map.Entry<String, JsonNode> tool : object(server.path("tools"), where + " \"tools\"")) {
                builder.approval(tool.getKey(), approval(tool.getValue().path("approval"),
                        where + " tool '" + tool.getKey() + "'"));
            }
            if (server.has("timeout")) {
                if (!server.get("timeout").isNumber() || server.get("timeout").asDouble() <= 0) {
                    throw new IllegalArgumentException("\"timeout\" must be a positive number of seconds");
                }
                builder.callTimeout(Duration.ofMillis((long) (server.get("timeout").asDouble() * 1000)));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith(where) ? e.getMessage()
                    : where + ": " + e.getMessage(), e);
        }
        if (!server.has("command") && !server.has("url")) {
            throw new IllegalArgumentException(where + " needs a \"command\" (a program to run) or a \"url\" "
                    + "(a Streamable HTTP endpoint)");
        }
        return builder;
    }

    private static McpTool.Approval approval(JsonNode value, String where) {
        String text = value.asString("").toLowerCase(Locale.ROOT);
        return switch (text) {
            case "auto" -> McpTool.Approval.AUTO;
            case "ask" -> McpTool.Approval.ASK;
            case "always-ask" -> McpTool.Approval.ALWAYS_ASK;
            default -> throw new IllegalArgumentException(where + " has \"approval\": \"" + value.asString("")
                    + "\"; use \"auto\", \"ask\" or \"always-ask\"");
        };
    }

    private static String text(JsonNode value, String where, UnaryOperator<String> environment) {
        if (value == null || !value.isString()) {
            throw new IllegalArgumentException(where + " must be a string");
        }
        Matcher matcher = VARIABLE.matcher(value.stringValue());
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String found = environment.apply(matcher.group(1));
            if (found == null) {
                throw new IllegalArgumentException(where + " uses ${" + matcher.group(1)
                        + "}, but that environment variable is not set");
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(found));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private static Iterable<JsonNode> array(JsonNode value, String where) {
        if (value.isMissingNode()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException(where + " must be an array of strings");
        }
        return value;
    }

    private static Iterable<Map.Entry<String, JsonNode>> object(JsonNode value, String where) {
        if (value.isMissingNode()) {
            return List.of();
        }
        if (!value.isObject()) {
            throw new IllegalArgumentException(where + " must be an object");
        }
        return value.properties();
    }
}
