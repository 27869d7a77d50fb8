package dev.corvid.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.tool.FunctionTool;
import dev.corvid.tool.ToolResult;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class McpToolsTest {

    private static McpServer first;
    private static McpServer second;
    private static McpTools both;

    @BeforeAll
    static void start() {
        first = McpServer.builder("first").command(ScriptedMcpServer.command()).build();
        second = McpServer.builder("second").command(ScriptedMcpServer.command()).build();
        both = McpTools.of(List.of(first, second), Set.of("where"));
    }

    @AfterAll
    static void stop() {
        both.close();
    }

    private static List<String> names(List<FunctionTool> tools) {
        return tools.stream().map(tool -> tool.definition().name()).toList();
    }

    @Test
    void toolsOfTheSameNameOnTwoServersArePrefixedWithTheServersName() {
        List<String> names = names(both.tools());
        assertTrue(names.contains("first__ping") && names.contains("second__ping"), names.toString());
        assertEquals(ToolResult.success("pong"), Calls.find(both.tools(), "second__ping").invoke("{}", Calls.context()));
        McpTool prefixed = (McpTool) Calls.find(both.tools(), "first__ping");
        assertEquals("ping", prefixed.remoteName());
        assertEquals("first", prefixed.serverName());
    }

    @Test
    void aToolNamedLikeABuiltInToolIsPrefixed() {
        // Not closed here: it shares its server with the other tests, which close it at the end.
        McpTools alone = McpTools.of(List.of(first), Set.of("where"));
        List<String> names = names(alone.tools());
        assertTrue(names.contains("first__where") && names.contains("ping"), names.toString());
    }

    @Test
    void aPrefixedNameNeverTakesTheNameOfAnotherServersTool() {
        try (McpServer third = McpServer.builder("third").command(ScriptedMcpServer.command("tool", "first__ping"))
                .build()) {
            // Not closed as a set: first is shared with the other tests.
            McpTools set = McpTools.of(List.of(first, third), Set.of());
            List<String> names = names(set.tools());
            assertEquals(names.size(), Set.copyOf(names).size(), "no name twice: " + names);
            assertEquals("third", ((McpTool) Calls.find(set.tools(), "first__ping")).serverName());
            McpTool firstPing = (McpTool) Calls.find(set.tools(), "first__ping_2");
            assertEquals("first", firstPing.serverName());
            assertEquals("ping", firstPing.remoteName());
        }
    }

    @Test
    void closingTheSetClosesItsServers() {
        McpServer own = McpServer.builder("own").command(ScriptedMcpServer.command()).build();
        McpTools.of(List.of(own), Set.of()).close();
        ToolResult afterwards = Calls.call(own, "ping", "{}");
        assertTrue(afterwards.error() && afterwards.content().contains("was closed"), afterwards.content());
    }

    @Test
    void serverToolNamesAreMadeValidForTheProviders() {
        assertEquals("files_read", McpServer.validName("files.read"));
        assertEquals(64, McpServer.validName("x".repeat(80)).length());
        assertTrue(names(both.tools()).stream().allMatch(name -> name.matches("^[a-zA-Z0-9_-]{1,64}$")));
    }

    @Test
    void twoServersOfTheSameNameAreRejected() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> McpTools.of(List.of(second, second), Set.of()))
                .getMessage().contains("two MCP servers are named 'second'"));
    }

    @Test
    void aToolListChangeRefreshesTheToolsAndTheVersion() throws Exception {
        try (McpServer changing = McpServer.builder("changing").command(ScriptedMcpServer.command()).build();
             McpTools set = McpTools.of(List.of(changing), Set.of())) {
            long before = set.version();
            assertTrue(!names(set.tools()).contains("extra"));
            assertEquals(ToolResult.success("added"), Calls.call(changing, "add_tool", "{}"));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (set.version() == before && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertNotEquals(before, set.version(), "no tools/list_changed seen within 10 s");
            FunctionTool extra = Calls.find(set.tools(), "extra");
            assertEquals(ToolResult.success("extra bird"), extra.invoke("{\"word\": \"bird\"}", Calls.context()));
            assertTrue(extra.invoke("{}", Calls.context()).content().contains("missing required argument 'word'"));
        }
    }
}
