package dev.corvid.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.RunOutcome;
import dev.corvid.agent.RunResult;
import dev.corvid.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptedServerTest {

    private static McpServer server;

    @BeforeAll
    static void start() {
        server = McpServer.builder("scripted").command(ScriptedMcpServer.command())
                .callTimeout(Duration.ofSeconds(2)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anErrorResultGoesBackToTheModelWithTheServersMessage() {
        ToolResult result = Calls.call(server, "fail", "{}");
        assertTrue(result.error());
        assertEquals("Error from fail: the disk is full", result.content());
    }

    @Test
    void aJsonRpcErrorGoesBackToTheModelWithTheServersMessage() {
        ToolResult result = Calls.call(server, "reject", "{}");
        assertTrue(result.error());
        assertTrue(result.content().contains("the widget id is unknown"), result.content());
    }

    @Test
    void aServerThatCrashesDuringACallGivesAnErrorResultAndIsStartedAgainForTheNextCall() {
        ToolResult crashed = Calls.call(server, "crash", "{}");
        assertTrue(crashed.error());
        assertTrue(crashed.content().contains("MCP server 'scripted' stopped during crash"), crashed.content());
        assertTrue(crashed.content().contains("code 7"), crashed.content());
        assertTrue(crashed.content().contains("started again"), crashed.content());
        ToolResult next = Calls.call(server, "ping", "{}");
        assertEquals(ToolResult.success("pong"), next);
    }

    @Test
    void aServerThatHangsGivesAnErrorResultAfterTheCallTimeoutAndIsStartedAgainForTheNextCall() {
        ToolResult hung = Calls.call(server, "hang", "{}");
        assertTrue(hung.error());
        assertTrue(hung.content().contains("did not answer hang within 2 s"), hung.content());
        assertEquals(ToolResult.success("pong"), Calls.call(server, "ping", "{}"));
    }

    @Test
    void cancellingARunDuringAStdioCallEndsItWithoutTheTimeoutAndTheServerAnswersTheNextCall() throws Exception {
        try (McpServer patient = McpServer.builder("patient").command(ScriptedMcpServer.command())
                .callTimeout(Duration.ofMinutes(5)).build()) {
            RunResult<String> result = AgentRuns.cancelledDuring(patient, "hang", "{}");
            assertEquals(RunOutcome.CANCELLED, result.outcome(), result.detail());
            assertEquals(ToolResult.success("pong"), Calls.call(patient, "ping", "{}"));
        }
    }

    @Test
    void aBadServerCommandFailsWhenBuiltNamingTheServerAndTheCommand() {
        McpServerException e = assertThrows(McpServerException.class, () ->
                McpServer.builder("nowhere").command("/no/such/mcp-server", "--flag").build());
        assertEquals("nowhere", e.serverName());
        assertTrue(e.getMessage().contains("MCP server 'nowhere' could not start"), e.getMessage());
        assertTrue(e.getMessage().contains("/no/such/mcp-server --flag"), e.getMessage());
    }

    @Test
    void aServerThatExitsAtStartFailsWithTheLastLinesOfItsStderr() {
        McpServerException e = assertThrows(McpServerException.class, () ->
                McpServer.builder("broken").command(ScriptedMcpServer.command("broken")).build());
        assertTrue(e.getMessage().contains("exited with code 3"), e.getMessage());
        assertTrue(e.getMessage().contains("fatal: the database is locked"), e.getMessage());
        assertTrue(e.getMessage().contains("ScriptedMcpServer broken"), e.getMessage());
    }

    @Test
    void theProcessGetsItsEnvironmentAndWorkingDirectory(@TempDir Path directory) throws Exception {
        try (McpServer configured = McpServer.builder("where").command(ScriptedMcpServer.command())
                .environment("CORVID_TEST_VALUE", "blue").directory(directory).build()) {
            ToolResult result = Calls.call(configured, "where", "{}");
            assertEquals(directory.toRealPath() + " blue", result.content());
        }
    }

    @Test
    void readOnlyHintsLetAToolRunUnaskedAndOthersAskUnlessConfigured() {
        McpTool ping = (McpTool) Calls.find(server.tools(), "ping");
        McpTool fail = (McpTool) Calls.find(server.tools(), "fail");
        assertTrue(ping.hints().readOnly());
        assertEquals(McpTool.Approval.AUTO, ping.approval());
        assertEquals(McpTool.Hints.DEFAULT, fail.hints());
        assertEquals(McpTool.Approval.ALWAYS_ASK, fail.approval(), "a tool without hints may destroy");
        assertEquals("scripted", ping.serverName());
    }

    @Test
    void aUsersApprovalOverridesTheServersHints() {
        try (McpServer configured = McpServer.builder("configured").command(ScriptedMcpServer.command())
                .approval(McpTool.Approval.ASK).approval("fail", McpTool.Approval.AUTO).build()) {
            assertEquals(McpTool.Approval.ASK, ((McpTool) Calls.find(configured.tools(), "ping")).approval());
            assertEquals(McpTool.Approval.AUTO, ((McpTool) Calls.find(configured.tools(), "fail")).approval());
        }
    }

    @Test
    void closingTheServerEndsItsProcess() throws Exception {
        McpServer closing = McpServer.builder("closing").command(ScriptedMcpServer.command()).build();
        long pid = Long.parseLong(Calls.call(closing, "where", "{}").content().isEmpty() ? "0" : pidOf(closing));
        closing.close();
        ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
        assertTrue(handle == null || handle.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS) != null);
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        ToolResult afterwards = Calls.call(closing, "ping", "{}");
        assertTrue(afterwards.error());
        assertTrue(afterwards.content().contains("was closed"), afterwards.content());
    }

    private static String pidOf(McpServer running) {
        return ProcessHandle.current().children()
                .filter(child -> child.info().commandLine().orElse("").contains("ScriptedMcpServer"))
                .map(ProcessHandle::pid).max(Long::compare).map(String::valueOf).orElseThrow();
    }

    @Test
    void invalidBuilderSettingsSayWhatToDo() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> McpServer.builder("a b"))
                .getMessage().contains("letters, digits"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> McpServer.builder("x").build())
                .getMessage().contains("needs either a command"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> McpServer.builder("x").url("ftp://h/x"))
                .getMessage().contains("http or https URL"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> McpServer.builder("x")
                .command("node").header("A", "b").build()).getMessage().contains("headers only apply to a URL"));
        assertFalse(Files.exists(Path.of("/no/such/mcp-server")));
    }
}
