package dev.corvid.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ToolCall;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged {@code corvid.jar} as a user would, in its own process. */
class CorvidJarIT {

    private static final Path JAR = Path.of("target", "corvid.jar");

    @TempDir
    Path workspace;

    /** A finished process: its exit status and what it printed. */
    record Outcome(int status, String stdout, String stderr) {
    }

    private static final Path CORVID_HOME = corvidHome();

    private static Path corvidHome() {
        try {
            return Files.createTempDirectory("corvid-home");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Process start(List<String> args, Path workingDirectory) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().keySet().removeIf(name -> name.endsWith("_API_KEY"));
        // Sessions and checkpoints of these runs stay out of the user's ~/.corvid.
        builder.environment().put("CORVID_HOME", CORVID_HOME.toString());
        return builder.start();
    }

    /** Waits for the process, at most a minute (then kills it and fails), reading both streams meanwhile. */
    private static Outcome finish(Process process) throws Exception {
        var stdout = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        var stderr = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("corvid did not finish within 60 s; it printed: "
                    + stderr.get(10, TimeUnit.SECONDS));
        }
        return new Outcome(process.exitValue(), stdout.get(10, TimeUnit.SECONDS), stderr.get(10, TimeUnit.SECONDS));
    }

    private static String readAll(java.io.InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void withNoArgumentsTheJarRunsTheOfflineDemo() throws Exception {
        Outcome outcome = finish(start(List.of(), workspace));
        assertEquals(0, outcome.status(), outcome.stderr());
        assertTrue(outcome.stdout().contains("all checks pass now"), outcome.stdout());
        assertTrue(outcome.stderr().contains("corvid demo: no account needed"), outcome.stderr());
        assertTrue(!outcome.stderr().contains("SLF4J"), "no logging noise: " + outcome.stderr());
    }

    @Test
    void aMultiStepSessionAgainstAServerChangesTheWorkspace() throws Exception {
        Files.writeString(workspace.resolve("greeting.txt"), "Hello, wrld!\n");
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            server.enqueue(Reply.stream(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c1", "list_files", "{}")))));
            server.enqueue(Reply.stream(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c2", "read_file",
                    "{\"path\":\"greeting.txt\"}")))));
            server.enqueue(Reply.stream(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c3", "edit_file",
                    "{\"path\":\"greeting.txt\",\"old_text\":\"wrld\",\"new_text\":\"world\"}")))));
            server.enqueue(Reply.stream(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c4", "run_shell",
                    "{\"command\":\"cat greeting.txt\"}")))));
            server.enqueue(Reply.stream(AssistantMessage.of("Fixed the typo in greeting.txt.")));
            Outcome outcome = finish(start(List.of("--base-url", server.baseUrl(), "--model", "qwen3-coder-plus",
                    "--workspace", workspace.toString(), "--yes", "fix the typo in greeting.txt"), workspace));

            assertEquals(0, outcome.status(), outcome.stderr());
            assertEquals("Fixed the typo in greeting.txt.\n", outcome.stdout());
            assertEquals("Hello, world!\n", Files.readString(workspace.resolve("greeting.txt")));
            assertEquals(5, server.requests().size());
            String shellResult = server.requests().get(4).json().path("messages").path(9).path("content").asString();
            assertTrue(shellResult.contains("Hello, world!"), shellResult);
        }
    }

    @Test
    void ctrlCCancelsTheRunAndExits130() throws Exception {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            server.enqueue(Reply.stream(AssistantMessage.of("too late")).delay(Duration.ofSeconds(30)));
            Process process = start(List.of("--base-url", server.baseUrl(), "--model", "m", "--workspace",
                    workspace.toString(), "wait"), workspace);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (server.requests().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
            Outcome outcome = finish(process);
            assertEquals(130, outcome.status(), outcome.stderr());
            assertTrue(outcome.stderr().contains("corvid: interrupted"), outcome.stderr());
            assertFalse(outcome.stderr().contains("Exception"), "no stack trace: " + outcome.stderr());
            List<String> lines = outcome.stderr().lines().toList();
            assertEquals("corvid: interrupted", lines.get(lines.size() - 2), "one closing line, then the session's: "
                    + outcome.stderr());
            String last = lines.get(lines.size() - 1);
            assertTrue(last.startsWith("corvid: session: "), outcome.stderr());
            // The prompt was stored before the run was interrupted: --resume can go on from it.
            assertEquals(List.of(dev.corvid.model.Message.user("wait")),
                    new dev.corvid.session.FileSessionStore(CORVID_HOME.resolve("sessions"))
                            .load(last.substring("corvid: session: ".length())).orElseThrow().messages());
        }
    }

    @Test
    void approvalsAreAskedOnTheTerminalWhileStdoutGoesToAFile() throws Exception {
        Path script = Path.of("/usr/bin/script");
        assumeTrue(Files.isExecutable(script), "needs script(1) (Debian package bsdutils) to give corvid a terminal");
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            server.enqueue(Reply.completion(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c1", "write_file",
                    "{\"path\": \"a.txt\", \"content\": \"approved\"}")))));
            server.enqueue(Reply.completion(AssistantMessage.of("Wrote a.txt.")));
            Path launcher = workspace.resolve("run.sh");
            Files.writeString(launcher, "exec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -jar '"
                    + JAR.toAbsolutePath() + "' --base-url '" + server.baseUrl() + "' --model m --no-stream --workspace '"
                    + workspace + "' 'write a.txt' > '" + workspace.resolve("answer.txt") + "'\n");
            Process process = onATerminal(script, launcher).start();
            process.getOutputStream().write("y\n".getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
            var terminalOutput = process.getInputStream().readAllBytes();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "corvid finished");
            String shown = new String(terminalOutput, StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), shown);
            assertTrue(shown.contains("Allow write_file?"), shown);
            assertEquals("approved", Files.readString(workspace.resolve("a.txt")));
            assertEquals("Wrote a.txt.\n", Files.readString(workspace.resolve("answer.txt")));
        }
    }

    @Test
    void theRemoteAgentSampleRunsAgainstAnyEndpointFromTheEnvironment() throws Exception {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            server.enqueue(Reply.stream(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c1", "multiply",
                    "{\"a\": 12.5, \"b\": 8.25}")))));
            server.enqueue(Reply.stream(AssistantMessage.of("12.5 times 8.25 is 103.125.")));
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", JAR.toAbsolutePath().toString(), "dev.corvid.samples.RemoteAgent", "What is 12.5 times 8.25?");
            builder.environment().put("CORVID_BASE_URL", server.baseUrl());
            builder.environment().put("CORVID_MODEL", "qwen-plus");
            builder.environment().put("CORVID_API_KEY_ENV", "SAMPLE_KEY");
            builder.environment().put("SAMPLE_KEY", "sk-sample");
            Outcome outcome = finish(builder.start());
            assertEquals(0, outcome.status(), outcome.stderr());
            assertEquals("12.5 times 8.25 is 103.125.", outcome.stdout().strip());
            assertEquals("103.125", server.requests().get(1).json().path("messages").path(3).path("content").asString());
            assertEquals("Bearer sk-sample", server.requests().get(0).header("Authorization"));
        }
    }

    @Test
    void aMissingKeyExitsTwoNamingTheVariable() throws Exception {
        Outcome outcome = finish(start(List.of("--provider", "routerai", "hello"), workspace));
        assertEquals(2, outcome.status());
        assertTrue(outcome.stderr().contains("ROUTERAI_API_KEY is not set"), outcome.stderr());
    }

    @Test
    void theLauncherScriptRunsTheJarWithItsArguments() throws Exception {
        Path script = Path.of("..", "corvid").toAbsolutePath().normalize();
        assertTrue(Files.isExecutable(script), script + " is executable");
        ProcessBuilder builder = new ProcessBuilder("sh", script.toString(), "--version").directory(workspace.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Outcome outcome = finish(builder.start());
        assertEquals(0, outcome.status(), outcome.stderr());
        assertTrue(outcome.stdout().startsWith("corvid "), outcome.stdout());
    }

    @Test
    void mcpServersFromAFileGiveTheAgentTheirToolsShownInTheProgress() throws Exception {
        Path everything = Path.of(System.getProperty("corvid.mcp.servers", "../.mcp-servers"), "node_modules",
                "@modelcontextprotocol", "server-everything", "dist", "index.js").toAbsolutePath();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(everything),
                "the MCP server-everything is not installed: install Node 20+ and run .ci/mcp-servers");
        Path servers = workspace.resolve("servers.json");
        Files.writeString(servers, "{\"mcpServers\": {\"everything\": {\"command\": \"node\", \"args\": [\""
                + everything.toString().replace("\\", "\\\\") + "\", \"stdio\"]}}}");
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            server.enqueue(Reply.stream(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c1", "echo",
                    "{\"message\":\"from the jar\"}")))));
            server.enqueue(Reply.stream(AssistantMessage.of("The server echoed it.")));
            // No terminal and --approval ask: echo runs because the server marks it read-only.
            Outcome outcome = finish(start(List.of("--base-url", server.baseUrl(), "--model", "qwen3-coder-plus",
                    "--workspace", workspace.toString(), "--mcp", servers.toString(), "echo something"), workspace));

            assertEquals(0, outcome.status(), outcome.stderr());
            assertEquals("The server echoed it.\n", outcome.stdout());
            var messages = server.requests().get(1).json().path("messages");
            assertEquals("Echo: from the jar", messages.path(messages.size() - 1).path("content").asString());
            boolean offered = false;
            for (var tool : server.requests().get(0).json().path("tools")) {
                offered |= tool.path("function").path("name").asString().equals("echo");
            }
            assertTrue(offered, "echo is offered to the model");
            assertTrue(outcome.stderr().contains("-> echo {\"message\":\"from the jar\"}"), outcome.stderr());
            assertTrue(outcome.stderr().contains("ok echo"), outcome.stderr());
            assertTrue(!outcome.stderr().contains("SLF4J") && !outcome.stderr().contains("INFO"),
                    "no logging noise: " + outcome.stderr());
        }
    }

    @Test
    void anMcpServerThatCannotStartExitsTwoNamingIt() throws Exception {
        Path servers = workspace.resolve("servers.json");
        Files.writeString(servers, "{\"mcpServers\": {\"broken\": {\"command\": \"/no/such/mcp-server\"}}}");
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            Outcome outcome = finish(start(List.of("--base-url", server.baseUrl(), "--model", "qwen3-coder-plus",
                    "--workspace", workspace.toString(), "--mcp", servers.toString(), "do it"), workspace));
            assertEquals(2, outcome.status(), outcome.stderr());
            assertTrue(outcome.stderr().contains("corvid: MCP server 'broken' could not start"), outcome.stderr());
            assertTrue(outcome.stderr().contains("/no/such/mcp-server"), outcome.stderr());
            assertEquals(0, server.requests().size(), "nothing is sent to the model");
        }
    }

    /** The characters of a request's messages: what the fake provider counts as its prompt, four to a token. */
    private static int messageChars(tools.jackson.databind.JsonNode request) {
        int chars = 0;
        for (var message : request.path("messages")) {
            chars += message.path("content").asString("").length();
            for (var call : message.path("tool_calls")) {
                chars += call.path("function").path("arguments").asString("").length();
            }
        }
        return chars;
    }

    private static boolean summarising(tools.jackson.databind.JsonNode request) {
        var messages = request.path("messages");
        return messages.path(messages.size() - 1).path("content").asString("").contains("about to be compacted");
    }

    @Test
    void aRunThatNeedsThreeTimesTheContextWindowIsCompactedAndFinishes() throws Exception {
        int window = 2_000;
        int parts = 7;
        for (int part = 1; part <= parts; part++) {
            // About 1050 tokens each: together more than three times the window.
            Files.writeString(workspace.resolve("part" + part + ".txt"), ("part " + part + " line\n").repeat(350));
        }
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
            server.otherwise(request -> {
                var json = request.json();
                dev.corvid.model.Usage usage = dev.corvid.model.Usage.of(messageChars(json) / 4, 20);
                if (summarising(json)) {
                    return Reply.completion(AssistantMessage.of("Goal: read every part file. Done: parts 1 to "
                            + reads.get() + ". Still to do: the rest."), usage);
                }
                int part = reads.incrementAndGet();
                if (part > parts) {
                    return Reply.completion(AssistantMessage.of("Read all " + parts + " parts."), usage);
                }
                return Reply.completion(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c" + part, "read_file",
                        "{\"path\":\"part" + part + ".txt\"}"))), usage);
            });
            Outcome outcome = finish(start(List.of("--base-url", server.baseUrl(), "--model", "m", "--no-stream",
                    "--context-window", Integer.toString(window), "--workspace", workspace.toString(),
                    "read every part file"), workspace));

            assertEquals(0, outcome.status(), outcome.stderr());
            assertEquals("Read all 7 parts.\n", outcome.stdout());
            List<RecordedRequestSize> sizes = new ArrayList<>();
            for (var request : server.requests()) {
                sizes.add(new RecordedRequestSize(summarising(request.json()), messageChars(request.json()) / 4));
            }
            assertTrue(sizes.stream().anyMatch(RecordedRequestSize::summarising), "a summarising request: " + sizes);
            assertTrue(sizes.stream().filter(size -> !size.summarising()).allMatch(size -> size.tokens() < window),
                    "every request of the task fits the window: " + sizes);
            int total = 0;
            for (int part = 1; part <= parts; part++) {
                total += (int) Files.size(workspace.resolve("part" + part + ".txt")) / 4;
            }
            assertTrue(total > 3 * window, "the parts hold more than three windows: " + total);
            assertTrue(outcome.stderr().contains("corvid: compacted the conversation to fit the context window "
                    + "(the model summarised the earlier turns): about "), outcome.stderr());
            long compactions = outcome.stderr().lines().filter(line -> line.startsWith("corvid: compacted")).count();
            assertEquals(sizes.stream().filter(RecordedRequestSize::summarising).count(), compactions,
                    "one line of progress per compaction: " + outcome.stderr());
        }
    }

    /** A request as the fake provider saw it: whether it asked for a summary, and its size in tokens. */
    record RecordedRequestSize(boolean summarising, int tokens) {
    }

    @Test
    void aContextWindowThatIsNoNumberIsAUsageError() throws Exception {
        Outcome outcome = finish(start(List.of("--base-url", "http://127.0.0.1:9/v1", "--model", "m",
                "--context-window", "big", "hello"), workspace));
        assertEquals(2, outcome.status(), outcome.stderr());
        assertTrue(outcome.stderr().contains("--context-window takes the model's window in tokens"), outcome.stderr());
    }

    /**
     * A process that runs a launcher script on a pseudo-terminal made by script(1). Each shell on the way execs
     * the next, so that corvid is the only process in the terminal's foreground group: a shell left waiting
     * there would die of the Ctrl-C meant for corvid and report 130 as the status.
     */
    private ProcessBuilder onATerminal(Path script, Path launcher) {
        ProcessBuilder builder = new ProcessBuilder(script.toString(), "-qec", "exec sh '" + launcher + "'", "/dev/null")
                .directory(workspace.toFile());
        builder.environment().put("SHELL", "/bin/sh"); // script(1) runs the command with $SHELL -c
        return builder;
    }

    /** Waits until the screen shows a text for the n-th time, at most 30 seconds. */
    private static void awaitShown(StringBuffer screen, String text, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (screen.toString().split(java.util.regex.Pattern.quote(text), -1).length - 1 < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 30 s for '" + text + "' to show " + n + " times: " + screen);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void withAnEndpointAndNoTaskOnATerminalTheJarOpensAnInteractiveSessionThatCtrlCDoesNotEnd() throws Exception {
        Path script = Path.of("/usr/bin/script");
        assumeTrue(Files.isExecutable(script), "needs script(1) (Debian package bsdutils) to give corvid a terminal");
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            server.enqueue(Reply.stream(AssistantMessage.of("Hello from the session.")));
            server.enqueue(Reply.stream(AssistantMessage.of("too late")).delay(Duration.ofSeconds(30)));
            Path launcher = workspace.resolve("run.sh");
            // A pty made by script(1) without a terminal around it has no size: give it one, as a terminal would.
            Files.writeString(launcher, "stty cols 120 rows 40; CORVID_HOME='" + CORVID_HOME + "' exec '"
                    + Path.of(System.getProperty("java.home"), "bin", "java") + "' -jar '" + JAR.toAbsolutePath()
                    + "' --base-url '" + server.baseUrl() + "' --model m --workspace '" + workspace + "'\n");
            Process process = onATerminal(script, launcher).redirectErrorStream(true).start();
            StringBuffer screen = new StringBuffer();
            Thread reader = new Thread(() -> {
                try (var in = new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
                    char[] buffer = new char[4096];
                    for (int read; (read = in.read(buffer)) >= 0; ) {
                        screen.append(buffer, 0, read);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            reader.start();
            var keys = process.getOutputStream();
            awaitShown(screen, "corvid> ", 1);
            keys.write("say hello\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            awaitShown(screen, "corvid> ", 2);
            keys.write("wait\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (server.requests().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            keys.write(3); // Ctrl-C: the terminal sends SIGINT, which cancels the turn and keeps the session
            keys.flush();
            awaitShown(screen, "corvid: cancelled; the session goes on", 1);
            awaitShown(screen, "corvid> ", 3);
            keys.write("/exit\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "corvid left the session: " + screen);
            reader.join(10_000);
            assertEquals(0, process.exitValue(), screen.toString());
            assertTrue(screen.toString().contains("Hello from the session."), screen.toString());
            assertTrue(screen.toString().contains("corvid: session: "), screen.toString());
            assertEquals("say hello", server.requests().get(0).json().path("messages").path(1).path("content").asString());
        }
    }
}
