package dev.corvid.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ToolCall;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.Reply;
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

    private int corvid(Map<String, String> environment, String... args) {
        CorvidCommand command = new CorvidCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment, null);
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
    }
}
