package dev.corvid.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunResult;
import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ToolCall;
import dev.corvid.model.ToolMessage;
import dev.corvid.testing.ScriptedChatModel;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An agent given MCP servers as a tool set. */
class AgentToolSetTest {

    @Test
    void aToolAddedByTheServerDuringARunIsOfferedOnTheNextModelRequest() {
        McpServer server = McpServer.builder("changing").command(ScriptedMcpServer.command()).build();
        ScriptedChatModel model = ScriptedChatModel.builder()
                .callTool("add_tool", "{}")
                .reply(request -> {
                    awaitExtra(server);
                    return ModelResponse.of(AssistantMessage.ofToolCalls(List.of(ToolCall.of("call-2", "ping", "{}"))));
                })
                .callTool("extra", "{\"word\": \"crow\"}")
                .answer("done")
                .build();
        try (Agent agent = Agent.builder().model(model).tools(McpTools.of(List.of(server), Set.of())).build()) {
            RunResult<String> result = agent.run("add a tool and use it");
            assertEquals("done", result.text(), result.detail());
            List<String> offered = model.lastRequest().tools().stream().map(tool -> tool.name()).toList();
            assertTrue(offered.contains("extra"), offered.toString());
            List<String> results = result.transcript().stream().filter(ToolMessage.class::isInstance)
                    .map(message -> ((ToolMessage) message).content()).toList();
            assertEquals(List.of("added", "pong", "extra crow"), results);
        }
        assertTrue(Calls.call(server, "ping", "{}").content().contains("was closed"), "closing the agent closes it");
    }

    /** Waits for the server's announcement, which travels apart from the call's answer. */
    private static void awaitExtra(McpServer server) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.tools().stream().noneMatch(tool -> tool.definition().name().equals("extra"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no tools/list_changed within 10 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
