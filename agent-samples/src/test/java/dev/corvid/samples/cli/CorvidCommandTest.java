package dev.corvid.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ToolCall;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.Reply;
import dev.corvid.tools.Sandbox;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class CorvidCommandTest {

    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path workspace;

    @AfterEach
    void stop() {
        server.close();
    }

    /** A bwrap that is not there: shell commands run unsandboxed, as on machines without bubblewrap. */
    private static final Sandbox NO_BWRAP = Sandbox.bubblewrap(Path.of("/nonexistent/bin/bwrap"));

    private Sandbox sandbox = NO_BWRAP;

    /** Where the runs of a test keep their sessions, rather than the user's ~/.corvid. */
    @TempDir
    Path corvidHome;

    private int corvid(Map<String, String> environment, String... args) {
        Map<String, String> withHome = new java.util.HashMap<>(environment);
        withHome.putIfAbsent("CORVID_HOME", corvidHome.toString());
        CorvidCommand command = new CorvidCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), withHome, null).sandbox(sandbox);
        return command.run(args);
    }

    private int corvidAgainstServer(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--base-url", server.baseUrl(), "--model", "test-model",
                "--workspace", workspace.toString()));
        args.addAll(List.of(extra));
        return corvid(Map.of(), args.toArray(new String[0]));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anAnsweredTaskPrintsTheAnswerOnStdoutAndExitsZero() throws Exception {
        Files.writeString(workspace.resolve("notes.txt"), "remember the milk\n");
        server.enqueue(Reply.stream(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c1", "read_file",
                "{\"path\": \"notes.txt\"}")))));
        server.enqueue(Reply.stream(AssistantMessage.of("The note says to remember the milk.")));

        assertEquals(0, corvidAgainstServer("What does notes.txt say?"));
        assertEquals("The note says to remember the milk.\n", stdout());
        assertTrue(stderr().contains("-> read_file"), stderr());
        assertTrue(stderr().contains("[answered] 2 turns, 30 tokens"), stderr());
        JsonNode toolResult = server.requests().get(1).json().path("messages").path(3);
        assertTrue(toolResult.path("content").asString().contains("remember the milk"));
    }

    @Test
    void withoutATerminalOrYesChangesAreRefusedAndTheModelIsToldWhy() throws Exception {
        server.enqueue(Reply.completion(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c1", "write_file",
                "{\"path\": \"a.txt\", \"content\": \"x\"}")))));
        server.enqueue(Reply.completion(AssistantMessage.of("I was not allowed to write.")));

        assertEquals(0, corvidAgainstServer("--no-stream", "write a.txt"));
        assertFalse(Files.exists(workspace.resolve("a.txt")));
        String refusal = server.requests().get(1).json().path("messages").path(3).path("content").asString();
        assertTrue(refusal.contains("without a terminal") && refusal.contains("--yes"), refusal);
    }

    @Test
    void withYesChangesAreMade() {
        server.enqueue(Reply.completion(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c1", "write_file",
                "{\"path\": \"a.txt\", \"content\": \"x\"}")))));
        server.enqueue(Reply.completion(AssistantMessage.of("Wrote a.txt.")));

        assertEquals(0, corvidAgainstServer("--yes", "write a.txt"));
        assertTrue(Files.exists(workspace.resolve("a.txt")));
    }

    @Test
    void readOnlyRefusesEveryChangeAndTellsTheModelWhy() {
        server.enqueue(Reply.completion(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c1", "write_file",
                "{\"path\": \"a.txt\", \"content\": \"x\"}")))));
        server.enqueue(Reply.completion(AssistantMessage.of("I would write a.txt.")));

        assertEquals(0, corvidAgainstServer("--approval", "read-only", "write a.txt"));
        assertFalse(Files.exists(workspace.resolve("a.txt")));
        String refusal = server.requests().get(1).json().path("messages").path(3).path("content").asString();
        assertTrue(refusal.contains("read-only") && refusal.contains("write_file"), refusal);
    }

    @Test
    void autoEditMakesEditsWithoutATerminalButNotShellCommands() throws Exception {
        server.enqueue(Reply.completion(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c1", "write_file",
                "{\"path\": \"a.txt\", \"content\": \"x\"}")))));
        server.enqueue(Reply.completion(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c2", "run_shell",
                "{\"command\": \"touch b.txt\"}")))));
        server.enqueue(Reply.completion(AssistantMessage.of("Wrote a.txt; the shell was refused.")));

        assertEquals(0, corvidAgainstServer("--approval", "auto-edit", "write a.txt, then touch b.txt"));
        assertEquals("x", Files.readString(workspace.resolve("a.txt")));
        assertFalse(Files.exists(workspace.resolve("b.txt")));
        String refusal = server.requests().get(2).json().path("messages").path(5).path("content").asString();
        assertTrue(refusal.contains("without a terminal") && refusal.contains("run_shell"), refusal);
    }

    @Test
    void withoutBwrapTheProgressSaysCommandsAreNotSandboxed() {
        server.enqueue(Reply.completion(AssistantMessage.of("hi")));
        assertEquals(0, corvidAgainstServer("--no-stream", "hello"));
        assertTrue(stderr().contains("corvid: shell commands are not sandboxed: /nonexistent/bin/bwrap was not found; "
                + "install bubblewrap"), stderr());
    }

    @Test
    void inTheSandboxAutoEditRunsShellCommandsWithoutAsking() throws Exception {
        sandbox = Sandbox.bubblewrap();
        assumeTrue(sandbox.active(), "needs a working bwrap (Debian: apt-get install bubblewrap): " + sandbox.status());
        server.enqueue(Reply.completion(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c1", "run_shell",
                "{\"command\": \"touch b.txt\"}")))));
        server.enqueue(Reply.completion(AssistantMessage.of("Touched b.txt.")));

        assertEquals(0, corvidAgainstServer("--approval", "auto-edit", "touch b.txt"));
        assertTrue(Files.exists(workspace.resolve("b.txt")));
        assertTrue(stderr().contains("corvid: shell commands run in a bubblewrap sandbox (writes only in the "
                + "workspace, no network)"), stderr());
    }

    @Test
    void networkLetsSandboxedCommandsReachTheNetwork() {
        sandbox = Sandbox.bubblewrap();
        assumeTrue(sandbox.active(), "needs a working bwrap (Debian: apt-get install bubblewrap): " + sandbox.status());
        server.enqueue(Reply.completion(AssistantMessage.of("hi")));
        assertEquals(0, corvidAgainstServer("--no-stream", "--network", "hello"));
        assertTrue(stderr().contains("bubblewrap sandbox (writes only in the workspace, network allowed)"), stderr());
    }

    @Test
    void agentsMdFilesFromTheGitRootDownAreInTheSystemPromptAndNamedInTheProgress() throws Exception {
        Files.createDirectory(workspace.resolve(".git"));
        Files.writeString(workspace.resolve("AGENTS.md"), "Always run mvn -q test.\n");
        Path module = Files.createDirectories(workspace.resolve("core"));
        Files.writeString(module.resolve("AGENTS.md"), "Keep core free of dependencies.\n");
        server.enqueue(Reply.completion(AssistantMessage.of("ok")));

        assertEquals(0, corvid(Map.of(), "--base-url", server.baseUrl(), "--model", "m", "--workspace",
                module.toString(), "--no-stream", "hello"));
        String system = server.lastRequest().json().path("messages").path(0).path("content").asString();
        assertTrue(system.indexOf("Always run mvn -q test.") < system.indexOf("Keep core free of dependencies.")
                && system.indexOf("Always run") > 0, system);
        assertTrue(stderr().contains("corvid: project rules from AGENTS.md, " + Path.of("core", "AGENTS.md")), stderr());
    }

    @Test
    void thePlanIsShownInTheProgress() {
        server.enqueue(Reply.completion(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c1", "update_plan",
                "{\"steps\": [{\"step\": \"find the bug\", \"status\": \"done\"}, "
                        + "{\"step\": \"fix it\", \"status\": \"in_progress\"}]}")))));
        server.enqueue(Reply.completion(AssistantMessage.of("Planned.")));
        assertEquals(0, corvidAgainstServer("--no-stream", "plan it"));
        assertTrue(stderr().contains("   plan:\n     [x] find the bug\n     [>] fix it\n"), stderr());
    }

    @Test
    void anUnknownApprovalModeIsAUsageError() {
        assertEquals(2, corvid(Map.of(), "--approval", "sometimes", "x"));
        assertTrue(stderr().contains("--approval is read-only, ask, auto-edit or yes; got 'sometimes'"), stderr());
    }

    @Test
    void aRunThatEndsWithoutAnAnswerExitsOne() {
        server.otherwise(request -> Reply.completion(AssistantMessage.ofToolCalls(List.of(
                ToolCall.of("c", "list_files", "{}")))));
        assertEquals(1, corvidAgainstServer("--max-turns", "2", "loop forever"));
        assertTrue(stderr().contains("[turn limit] 2 turns"), stderr());
        assertEquals("", stdout());
    }

    @Test
    void aProviderFailureExitsThreeWithTheProvidersMessage() {
        server.enqueue(Reply.json(401, "{\"error\":{\"message\":\"Invalid API key\",\"code\":\"invalid_api_key\"}}"));
        assertEquals(3, corvidAgainstServer("anything"));
        assertTrue(stderr().contains("Invalid API key"), stderr());
    }

    @Test
    void aMissingKeyIsAUsageErrorNamingTheVariable() {
        assertEquals(2, corvid(Map.of(), "--provider", "dashscope", "fix the build"));
        assertTrue(stderr().contains("DASHSCOPE_API_KEY is not set"), stderr());
    }

    @Test
    void theKeyVariableCanBeNamed() {
        assertEquals(2, corvid(Map.of("DASHSCOPE_API_KEY", "sk-x"), "--provider", "dashscope", "--api-key-env",
                "MY_KEY", "fix the build"));
        assertTrue(stderr().contains("MY_KEY is not set"), stderr());
    }

    @Test
    void usageErrorsExitTwoAndSayWhatToDo() {
        assertEquals(2, corvid(Map.of(), "--frobnicate"));
        assertTrue(stderr().contains("unknown option '--frobnicate'"));
        assertEquals(2, corvid(Map.of(), "--provider", "nowhere", "x"));
        assertEquals(2, corvid(Map.of(), "--max-turns", "many", "x"));
        assertEquals(2, corvid(Map.of(), "--base-url", "http://localhost:1/v1", "x"));
        assertTrue(stderr().contains("--base-url needs --model"), stderr());
        assertEquals(2, corvid(Map.of(), "a task without an endpoint"));
        assertTrue(stderr().contains("choose an endpoint"), stderr());
        assertEquals(2, corvidAgainstServer("--budget", "0.5", "x"));
        assertTrue(stderr().contains("--budget needs the model's price"), stderr());
    }

    @Test
    void helpAndVersionExitZero() {
        assertEquals(0, corvid(Map.of(), "--help"));
        assertTrue(stdout().contains("Usage: corvid [options] TASK"));
        assertEquals(0, corvid(Map.of(), "--version"));
        assertTrue(stdout().contains("corvid 0.1.0"));
    }

    @Test
    void extraParametersReachTheRequestAsJsonWhereTheyReadAsJson() {
        server.enqueue(Reply.completion(AssistantMessage.of("ok")));
        assertEquals(0, corvidAgainstServer("--no-stream", "--param", "top_k=20", "--param", "enable_thinking=false",
                "--param", "user=alice", "hi"));
        JsonNode body = server.lastRequest().json();
        assertEquals(20, body.path("top_k").asInt());
        assertTrue(body.path("enable_thinking").isBoolean());
        assertEquals("alice", body.path("user").asString());
    }

    @Test
    void theDemoFixesTheBugOfflineAndExitsZero() {
        assertEquals(0, corvid(Map.of(), "--demo", "--no-stream"));
        assertTrue(stdout().contains("all checks pass now"), stdout() + stderr());
        assertTrue(stderr().contains("-> edit_file"), stderr());
        assertTrue(stderr().contains("Exit code: 0"), stderr());
        assertTrue(stderr().contains("failed (exit 1) run_shell"), "the first, failing check shows as failed: " + stderr());
    }

    @Test
    void theHelpIsGeneratedFromTheDeclaredOptions() {
        assertEquals(0, corvid(Map.of(), "--help"));
        for (String option : List.of("--provider=NAME", "--base-url=URL", "--model=ID", "--api-key-env=VAR",
                "--workspace=DIR", "--no-stream", "--max-turns=N", "--budget=AMOUNT", "--param=KEY=VALUE",
                "--approval=MODE", "--yes", "--network", "--demo", "--completion", "--help", "--version")) {
            assertTrue(stdout().contains(option), option + " in " + stdout());
        }
        assertTrue(stdout().contains("130 interrupted"), stdout());
    }

    @Test
    void theCompletionScriptCompletesOptionsAndTheirWords() {
        assertEquals(0, corvid(Map.of(), "--completion"));
        assertTrue(stdout().contains("complete -F"), stdout());
        assertTrue(stdout().contains("--approval") && stdout().contains("auto-edit"), stdout());
        assertTrue(stdout().contains("dashscope"), stdout());
    }

    @Test
    void anEmptyTaskIsAUsageError() {
        assertEquals(2, corvidAgainstServer("  "));
        assertTrue(stderr().contains("the task is empty"), stderr());
        assertTrue(server.requests().isEmpty());
    }

    @Test
    void aPresetWithAnotherBaseUrlIsShownWithThatUrl() {
        server.enqueue(Reply.completion(AssistantMessage.of("hi")));
        assertEquals(0, corvid(Map.of("ROUTERAI_API_KEY", "sk-test"), "--provider", "routerai", "--base-url",
                server.baseUrl(), "--model", "m", "--workspace", workspace.toString(), "--no-stream", "hello"));
        assertTrue(stderr().contains("via " + server.baseUrl()), stderr());
        assertFalse(stderr().contains("via routerai"), stderr());
    }

    @Test
    void withoutStreamingTheTextBetweenToolCallsIsShown() {
        server.enqueue(Reply.completion(AssistantMessage.of("First I look at the files.").withToolCalls(List.of(
                ToolCall.of("c1", "list_files", "{}")))));
        server.enqueue(Reply.completion(AssistantMessage.of("There are none.")));
        assertEquals(0, corvidAgainstServer("--no-stream", "what is here?"));
        assertTrue(stderr().contains("First I look at the files.\n-> list_files"), stderr());
    }

    @Test
    void whenStdoutAndStderrShareATerminalTheStreamedAnswerIsNotPrintedTwice() {
        server.enqueue(Reply.stream(AssistantMessage.of("The answer is 42.")));
        CorvidCommand command = new CorvidCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), null,
                new Terminals(false, true, true, true));
        assertEquals(0, command.run(new String[] {"--base-url", server.baseUrl(), "--model", "m", "--workspace",
                workspace.toString(), "the answer?"}));
        assertEquals("", stdout());
        assertEquals(1, stderr().split("The answer is 42\\.", -1).length - 1, stderr());
    }

    @Test
    void whenStdoutIsRedirectedTheAnswerStillGoesThere() {
        server.enqueue(Reply.stream(AssistantMessage.of("The answer is 42.")));
        CorvidCommand command = new CorvidCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), null,
                new Terminals(true, false, true, false));
        assertEquals(0, command.run(new String[] {"--base-url", server.baseUrl(), "--model", "m", "--workspace",
                workspace.toString(), "the answer?"}));
        assertEquals("The answer is 42.\n", stdout());
    }

    @Test
    void aStreamBrokenMidwayLeavesItsPartialTextOnALineOfItsOwn() {
        server.enqueue(Reply.sse("{\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Half an ans\"},\"finish_reason\":null}]}")
                .thenReset());
        server.otherwise(request -> Reply.json(500, "{\"error\":{\"message\":\"down\"}}"));
        assertEquals(3, corvidAgainstServer("answer"));
        assertTrue(stderr().contains("Half an ans\ncorvid: the provider failed"), stderr());
    }

    @Test
    void deniedCallsAreShownInTheProgress() {
        server.enqueue(Reply.completion(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c1", "write_file",
                "{\"path\": \"a.txt\", \"content\": \"x\"}")))));
        server.enqueue(Reply.completion(AssistantMessage.of("I would write a.txt.")));
        assertEquals(0, corvidAgainstServer("--approval", "read-only", "write a.txt"));
        assertTrue(stderr().contains("-> write_file {\"path\": \"a.txt\", \"content\": \"x\"}\n   denied write_file: "
                + "corvid runs read-only"), stderr());
    }

    @Test
    void anUnreachableProviderIsDescribedWithoutJavaClassNames() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertEquals(3, corvid(Map.of(), "--base-url", "http://127.0.0.1:" + port + "/v1", "--model", "m",
                "--workspace", workspace.toString(), "hello"));
        assertTrue(stderr().contains("corvid: the provider failed: the connection to the provider failed"), stderr());
        assertFalse(java.util.regex.Pattern.compile("[A-Za-z]+(Exception|Error)\\b").matcher(stderr()).find(), stderr());
    }

    @Test
    void askingNeedsATerminalOnStdinAndStderrOnly() {
        assertTrue(new Terminals(true, false, true, false).canAsk(), "stdout redirected to a file");
        assertFalse(new Terminals(false, true, true, true).canAsk(), "stdin from a pipe");
        assertFalse(new Terminals(true, true, false, false).canAsk(), "stderr redirected");
    }

    @Test
    void aContextWindowBelowOneThousandTokensOrNoNumberIsAUsageErrorSayingWhatItTakes() {
        assertEquals(2, corvidAgainstServer("--context-window", "500", "x"));
        assertTrue(stderr().contains("--context-window takes the model's window in tokens, a whole number of at "
                + "least 1000 such as 131072; got '500'"), stderr());
        assertEquals(2, corvidAgainstServer("--context-window", "lots", "x"));
        assertTrue(stderr().contains("got 'lots'"), stderr());
        assertTrue(server.requests().isEmpty());
    }

    @Test
    void theContextWindowOptionMakesALongConversationCompactWithALineOfProgress() throws Exception {
        Files.writeString(workspace.resolve("big.txt"), "a line of the big file\n".repeat(400));
        server.enqueue(Reply.completion(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c1", "read_file",
                "{\"path\": \"big.txt\"}")))));
        server.enqueue(Reply.completion(AssistantMessage.of("Goal: read big.txt. Done: read it.")));
        server.enqueue(Reply.completion(AssistantMessage.of("It is a big file.")));

        assertEquals(0, corvidAgainstServer("--context-window", "1000", "what is in big.txt?"));
        assertEquals("It is a big file.\n", stdout());
        var messages = server.requests().get(1).json().path("messages");
        assertTrue(messages.path(messages.size() - 1).path("content").asString().contains("compacted"),
                "the second request asks for a summary");
        assertTrue(stderr().contains("corvid: compacted the conversation to fit the context window (the model "
                + "summarised the earlier turns): about "), stderr());
        assertTrue(stdout().lines().noneMatch(line -> line.contains("compacted")), "progress stays off stdout");
        assertFalse(stderr().contains("Goal: read big.txt"), "the model's summary for itself is not shown: " + stderr());
    }

    @Test
    void theSameCallRepeatedIsStoppedByTheLoopGuardAndTheRunEndsWithoutAnAnswer() {
        server.otherwise(request -> Reply.completion(AssistantMessage.ofToolCalls(List.of(
                ToolCall.of("c" + server.requests().size(), "search", "{\"pattern\": \"deprecated\"}")))));
        assertEquals(1, corvidAgainstServer("--no-stream", "find the deprecated calls"));
        assertEquals(4, server.requests().size(), "the fourth identical call ends the run");
        var messages = server.requests().get(3).json().path("messages");
        String third = messages.path(messages.size() - 1).path("content").asString();
        assertTrue(third.contains("same arguments 3 times in a row") && third.contains("change approach"), third);
        assertTrue(stderr().contains("[loop detected] 4 turns"), stderr());
        assertEquals("", stdout());
    }

    @Test
    void anEndpointWithoutATaskAndWithoutATerminalIsAUsageErrorNamingTheInteractiveMode() {
        assertEquals(2, corvidAgainstServer());
        assertTrue(stderr().contains("say what the agent should do") && stderr().contains("on a terminal for an "
                + "interactive session"), stderr());
        assertTrue(server.requests().isEmpty());
    }
}
