package dev.corvid.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.corvid.agent.ToolApprover;
import dev.corvid.model.ToolCall;
import dev.corvid.tool.ToolSet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How corvid grades calls of MCP tools: by the server's hints and the --approval mode. */
class McpSetupTest {

    private static ToolSet mcp;

    @BeforeAll
    static void start(@TempDir Path directory) throws Exception {
        Path everything = Path.of(System.getProperty("corvid.mcp.servers", "../.mcp-servers"), "node_modules",
                "@modelcontextprotocol", "server-everything", "dist", "index.js").toAbsolutePath();
        assumeTrue(Files.isRegularFile(everything),
                "the MCP server-everything is not installed: install Node 20+ and run .ci/mcp-servers");
        Path servers = directory.resolve("servers.json");
        Files.writeString(servers, "{\"mcpServers\": {\"everything\": {\"command\": \"node\", \"args\": [\""
                + everything.toString().replace("\\", "\\\\") + "\", \"stdio\"]}}}");
        mcp = McpSetup.start(List.of(servers));
    }

    @AfterAll
    static void stop() {
        if (mcp != null) {
            mcp.close();
        }
    }

    private static ToolApprover.Approval review(CliOptions.ApprovalMode mode, String tool) {
        ToolApprover coding = call -> ToolApprover.Approval.deny("the coding approver saw " + call.name());
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return McpSetup.approver(mcp, mode, coding, null, err).review(ToolCall.of("c1", tool, "{}"));
    }

    @Test
    void aToolTheServerMarksReadOnlyRunsUnaskedInEveryMode() {
        for (CliOptions.ApprovalMode mode : CliOptions.ApprovalMode.values()) {
            assertTrue(review(mode, "echo").allowed(), mode.toString());
        }
    }

    @Test
    void aToolThatChangesSomethingIsAskedAboutAndRefusedWithoutATerminal() {
        ToolApprover.Approval approval = review(CliOptions.ApprovalMode.ASK, "toggle-simulated-logging");
        assertFalse(approval.allowed());
        assertTrue(approval.reason().contains("without a terminal"), approval.reason());
    }

    @Test
    void readOnlyModeRefusesAToolNotMarkedReadOnlyAndYesAllowsIt() {
        ToolApprover.Approval refused = review(CliOptions.ApprovalMode.READ_ONLY, "toggle-simulated-logging");
        assertFalse(refused.allowed());
        assertTrue(refused.reason().contains("of MCP server 'everything' is not marked read-only"), refused.reason());
        assertTrue(review(CliOptions.ApprovalMode.YES, "toggle-simulated-logging").allowed());
    }

    @Test
    void callsOfOtherToolsGoToTheCodingToolsApprover() {
        assertEquals("the coding approver saw write_file", review(CliOptions.ApprovalMode.ASK, "write_file").reason());
    }
}
