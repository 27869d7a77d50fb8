package dev.corvid.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.tool.ToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EverythingServerTest {

    private static McpServer everything;

    @BeforeAll
    static void start() {
        everything = McpServer.builder("everything").command(NpmServers.everything("stdio")).build();
    }

    @AfterAll
    static void stop() {
        if (everything != null) {
            everything.close();
        }
    }

    @Test
    void echoReturnsTheServersText() {
        ToolResult result = Calls.call(everything, "echo", "{\"message\": \"hello\"}");
        assertFalse(result.error(), result.content());
        assertTrue(result.content().contains("hello"), result.content());
    }

    @Test
    void smoke() {
        everything.tools().forEach(t -> System.out.println(t.definition().name() + " " + ((McpTool) t).hints() + " " + t.definition().parameters()));
        System.out.println(Calls.call(everything, "get-structured-content", "{\"location\": \"Chicago\"}"));
        System.out.println(Calls.call(everything, "get-tiny-image", "{}"));
        System.out.println(Calls.call(everything, "get-sum", "{\"a\": 1, \"b\": \"x\"}"));
        System.out.println(Calls.call(everything, "get-resource-reference", "{}"));
    }
}
