package dev.corvid.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class McpConfigTest {

    private static final Path BASE = Path.of("/srv/config");

    private static List<McpServer.Builder> parse(String json, Map<String, String> environment) {
        return McpConfig.parse(json, "servers.json", BASE, environment::get);
    }

    private static String failure(String json) {
        return assertThrows(IllegalArgumentException.class, () -> parse(json, Map.of())).getMessage();
    }

    @Test
    void stdioAndHttpServersAreReadWithTheirSettings() {
        List<McpServer.Builder> servers = parse("""
                {"mcpServers": {
                  "files": {"command": "npx", "args": ["-y", "server-filesystem", "${HOME_DIR}"],
                            "env": {"LEVEL": "warn"}, "cwd": "work", "approval": "ask",
                            "tools": {"read_file": {"approval": "auto"}}, "timeout": 1.5},
                  "search": {"url": "http://127.0.0.1:3001/mcp", "headers": {"Authorization": "Bearer ${TOKEN}"}},
                  "off": {"command": "nothing", "disabled": true}
                }}""", Map.of("HOME_DIR", "/home/ann", "TOKEN", "s3cret"));
        assertEquals(2, servers.size());
        McpServer.Builder files = servers.get(0);
        assertEquals("files", files.name);
        assertEquals(List.of("npx", "-y", "server-filesystem", "/home/ann"), files.command);
        assertEquals(Map.of("LEVEL", "warn"), files.environment);
        assertEquals(BASE.resolve("work"), files.directory);
        assertEquals(McpTool.Approval.ASK, files.approval);
        assertEquals(Map.of("read_file", McpTool.Approval.AUTO), files.toolApprovals);
        assertEquals(Duration.ofMillis(1500), files.callTimeout);
        McpServer.Builder search = servers.get(1);
        assertEquals("http://127.0.0.1:3001/mcp", search.url.toString());
        assertEquals(Map.of("Authorization", "Bearer s3cret"), search.headers);
    }

    @Test
    void mistakesInTheFileSayWhereAndWhatToDo() {
        assertTrue(failure("{\"servers\": {}}").contains("needs an object \"mcpServers\""));
        assertTrue(failure("{\"mcpServers\": {\"x\": {}}}").contains("server 'x' needs a \"command\""));
        assertTrue(failure("{\"mcpServers\": {\"x\": {\"command\": \"a\", \"arg\": []}}}")
                .contains("unknown key \"arg\""));
        assertTrue(failure("{\"mcpServers\": {\"x\": {\"url\": \"http://h/mcp\", \"type\": \"sse\"}}}")
                .contains("old SSE transport"));
        assertTrue(failure("{\"mcpServers\": {\"x\": {\"command\": \"a\", \"approval\": \"maybe\"}}}")
                .contains("use \"auto\", \"ask\" or \"always-ask\""));
        assertTrue(failure("{\"mcpServers\": {\"x\": {\"url\": \"http://h/mcp\", \"headers\": {\"A\": \"${NOPE}\"}}}}")
                .contains("${NOPE}, but that environment variable is not set"));
        assertTrue(failure("{\"mcpServers\": {\"bad name\": {\"command\": \"a\"}}}").contains("server 'bad name'"));
        assertTrue(failure("not json").contains("servers.json is not valid JSON"));
    }

    @Test
    void aFileOfServersStartsThemAsOneSet(@TempDir Path directory) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        var root = json.createObjectNode();
        var one = root.putObject("mcpServers").putObject("scripted");
        List<String> command = ScriptedMcpServer.command();
        one.put("command", command.get(0));
        var args = one.putArray("args");
        command.subList(1, command.size()).forEach(args::add);
        one.putObject("env").put("CORVID_TEST_VALUE", "green");
        one.put("cwd", ".");
        Path file = directory.resolve("servers.json");
        Files.writeString(file, json.writeValueAsString(root));
        try (McpTools tools = McpTools.start(List.of(file), Set.of())) {
            ToolResult where = Calls.find(tools.tools(), "where").invoke("{}", Calls.context());
            assertEquals(directory.toRealPath() + " green", where.content());
        }
    }

    @Test
    void aServerInTheFileThatCannotStartFailsNamingIt(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("servers.json");
        Files.writeString(file, "{\"mcpServers\": {\"missing\": {\"command\": \"/no/such/server\"}}}");
        McpServerException e = assertThrows(McpServerException.class, () -> McpTools.start(List.of(file), Set.of()));
        assertEquals("missing", e.serverName());
    }
}
