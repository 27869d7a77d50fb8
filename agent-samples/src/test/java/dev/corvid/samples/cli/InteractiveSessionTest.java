package dev.corvid.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.Message;
import dev.corvid.model.ToolCall;
import dev.corvid.model.UserMessage;
import dev.corvid.session.FileSessionStore;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.Reply;
import dev.corvid.tools.Sandbox;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Drives corvid's interactive mode through JLine's dumb terminal, keys in and screen out, as a user would. */
class InteractiveSessionTest {

    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private final Keyboard keyboard = new Keyboard();
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    @TempDir
    Path workspace;
    @TempDir
    Path corvidHome;

    @AfterEach
    void stop() {
        server.close();
    }

    /** Keys typed by the test, read by the terminal as they come; blocks while none is waiting. */
    static final class Keyboard extends InputStream {
        private final LinkedBlockingQueue<Integer> keys = new LinkedBlockingQueue<>();

        void type(String text) {
            for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                keys.add(b & 0xff);
            }
        }

        @Override
        public int read() throws IOException {
            try {
                return keys.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("no more keys");
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            buffer[offset] = (byte) read();
            int read = 1;
            Integer next;
            while (read < length && (next = keys.poll()) != null) {
                buffer[offset + read++] = next.byteValue();
            }
            return read;
        }

        @Override
        public int available() {
            return keys.size();
        }
    }

    private String shown() {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }

    private static void await(BooleanSupplier condition, String what, java.util.function.Supplier<String> detail)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 30 s for " + what + "; the screen shows:\n" + detail.get());
            }
            Thread.sleep(20);
        }
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    /** Waits until the screen shows the prompt for the n-th time: corvid is ready for the next line. */
    private void awaitPrompt(int n) throws InterruptedException {
        await(() -> count(shown(), InteractiveSession.PROMPT) >= n, "prompt " + n, this::shown);
    }

    private CompletableFuture<Integer> startCorvid(Terminal terminal, String... extra) {
        List<String> args = new ArrayList<>(List.of("--base-url", server.baseUrl(), "--model", "m", "--workspace",
                workspace.toString(), "--no-stream"));
        args.addAll(List.of(extra));
        CorvidCommand command = new CorvidCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                Map.of("CORVID_HOME", corvidHome.toString()), null, Terminals.NONE)
                .sandbox(Sandbox.bubblewrap(Path.of("/nonexistent/bin/bwrap"))).terminal(terminal);
        return CompletableFuture.supplyAsync(() -> command.run(args.toArray(new String[0])));
    }

    private Terminal terminal() throws IOException {
        Terminal terminal = new DumbTerminal("test", "dumb", keyboard, new java.io.OutputStream() {
            @Override
            public void write(int b) {
                synchronized (screen) {
                    screen.write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (screen) {
                    screen.write(bytes, offset, length);
                }
            }
        }, StandardCharsets.UTF_8);
        // Ctrl-D is the end of input, as on a real terminal.
        org.jline.terminal.Attributes attributes = terminal.getAttributes();
        attributes.setControlChar(org.jline.terminal.Attributes.ControlChar.VEOF, 4);
        terminal.setAttributes(attributes);
        return terminal;
    }

    private static boolean summarising(JsonNode request) {
        JsonNode messages = request.path("messages");
        return messages.path(messages.size() - 1).path("content").asString("").contains("about to be compacted");
    }

    @Test
    void twoTasksCostUndoCompactCtrlCAndExitInOneSession() throws Exception {
        server.enqueue(Reply.completion(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c1", "write_file",
                "{\"path\": \"a.txt\", \"content\": \"one\\n\"}")))));
        server.enqueue(Reply.completion(AssistantMessage.of("Wrote a.txt.")));
        server.enqueue(Reply.completion(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c2", "write_file",
                "{\"path\": \"b.txt\", \"content\": \"two\\n\"}")))));
        server.enqueue(Reply.completion(AssistantMessage.of("Wrote b.txt.")));
        server.enqueue(Reply.completion(AssistantMessage.of("Goal: write files. Done: a.txt; b.txt was undone.")));
        server.enqueue(Reply.completion(AssistantMessage.of("too late")).delay(Duration.ofSeconds(30)));
        Terminal terminal = terminal();
        CompletableFuture<Integer> corvid = startCorvid(terminal, "--yes");

        awaitPrompt(1);
        assertTrue(shown().contains("corvid: new session "), shown());
        // A line ending in a backslash goes on on the next: one task of two lines.
        keyboard.type("write a.txt\\\nin the workspace\n");
        awaitPrompt(2);
        assertTrue(shown().contains("Wrote a.txt.\n[answered] 2 turns"), shown());
        assertEquals("write a.txt\nin the workspace",
                server.requests().get(0).json().path("messages").path(1).path("content").asString());

        keyboard.type("write b.txt\n");
        awaitPrompt(3);
        assertEquals("two\n", Files.readString(workspace.resolve("b.txt")));

        keyboard.type("/cost\n");
        awaitPrompt(4);
        String cost = shown().substring(shown().lastIndexOf("[answered]"));
        assertTrue(cost.matches("(?s).*1  write a\\.txt\\s+2  30 \\(20 / 10\\).*"), cost);
        assertTrue(cost.matches("(?s).*2  write b\\.txt\\s+2  30 \\(20 / 10\\).*"), cost);
        assertTrue(cost.matches("(?s).*total\\s+4  60 \\(40 / 20\\)\\s+unknown.*"), cost);

        keyboard.type("/undo\n");
        awaitPrompt(5);
        assertTrue(shown().contains("corvid: undid the last turn: restored 1 file: b.txt"), shown());
        assertFalse(Files.exists(workspace.resolve("b.txt")), "the second turn's file is undone");
        assertEquals("one\n", Files.readString(workspace.resolve("a.txt")), "the first turn's file stays");

        keyboard.type("/compact\n");
        awaitPrompt(6);
        assertTrue(shown().matches("(?s).*corvid: compacted the conversation from about [0-9,]+ to [0-9,]+ tokens; "
                + "the next task goes on from the summary.*"), shown());
        assertEquals(5, server.requests().size(), "/compact asked for the summary at once");

        keyboard.type("wait for me\n");
        await(() -> server.requests().size() == 6, "the task's request after the summary", this::shown);
        terminal.raise(Terminal.Signal.INT); // what the terminal does when the user presses Ctrl-C
        awaitPrompt(7);
        assertTrue(shown().contains("corvid: cancelled; the session goes on"), shown());

        keyboard.type("/exit\n");
        assertEquals(0, corvid.get(30, TimeUnit.SECONDS));
        List<String> lines = shown().lines().toList();
        // The dumb terminal does not echo the keys, so the last line is the prompt, then corvid's closing line.
        String last = lines.get(lines.size() - 1).replace(InteractiveSession.PROMPT, "");
        assertTrue(last.startsWith("corvid: session: "), shown());
        assertFalse(shown().contains("Goal: write files."), "the summary is the model's, not shown: " + shown());

        assertTrue(summarising(server.requests().get(4).json()), "the request of /compact is the summarising one");
        JsonNode afterSummary = server.requests().get(5).json().path("messages");
        assertTrue(afterSummary.toString().contains("[Summary of the earlier work"), afterSummary.toString());
        assertEquals("wait for me", afterSummary.path(afterSummary.size() - 1).path("content").asString());
        assertTrue(server.requests().get(4).json().toString().contains("The user undid the file changes"),
                "the model is told what was undone");

        List<Message> stored = new FileSessionStore(corvidHome.resolve("sessions"))
                .load(last.substring("corvid: session: ".length())).orElseThrow().messages();
        List<String> users = stored.stream().filter(UserMessage.class::isInstance)
                .map(message -> ((UserMessage) message).text()).toList();
        assertEquals(4, users.size(), users.toString());
        assertEquals(List.of("write a.txt\nin the workspace", "write b.txt"), users.subList(0, 2));
        assertTrue(users.get(2).contains("restored 1 file: b.txt"), users.get(2));
        assertEquals("wait for me", users.get(3), "the cancelled task is kept in the session");

        String history = Files.readString(corvidHome.resolve("history"));
        assertTrue(history.contains("write b.txt") && history.contains("/cost") && history.contains("wait for me"),
                history);
    }

    @Test
    void helpListsTheCommandsAndCtrlDLeaves() throws Exception {
        CompletableFuture<Integer> corvid = startCorvid(terminal());
        awaitPrompt(1);
        keyboard.type("/help\n");
        awaitPrompt(2);
        for (String command : List.of("/help", "/compact", "/clear", "/resume", "/undo", "/model", "/cost", "/init",
                "/exit")) {
            assertTrue(shown().contains("  " + command), command + " in " + shown());
        }
        keyboard.type("/frobnicate\n");
        awaitPrompt(3);
        assertTrue(shown().contains("corvid: unknown command /frobnicate; /help lists the commands"), shown());
        keyboard.type("\u0004\n"); // Ctrl-D
        assertEquals(0, corvid.get(30, TimeUnit.SECONDS));
        assertTrue(server.requests().isEmpty());
    }

    @Test
    void clearResumeAndModelSwitchTheSessionAndTheModel() throws Exception {
        server.enqueue(Reply.completion(AssistantMessage.of("First.")));
        server.enqueue(Reply.completion(AssistantMessage.of("Second.")));
        server.enqueue(Reply.completion(AssistantMessage.of("Back.")));
        CompletableFuture<Integer> corvid = startCorvid(terminal());
        awaitPrompt(1);
        keyboard.type("first task\n");
        awaitPrompt(2);
        keyboard.type("/clear\n");
        awaitPrompt(3);
        keyboard.type("/model other-model\n");
        awaitPrompt(4);
        assertTrue(shown().contains("corvid: the model is now other-model"), shown());
        keyboard.type("second task\n");
        awaitPrompt(5);
        assertEquals("other-model", server.requests().get(1).json().path("model").asString());
        assertEquals(2, server.requests().get(1).json().path("messages").size(), "a new session: system and task");

        keyboard.type("/resume\n");
        await(() -> shown().contains("session to resume"), "the list of sessions", this::shown);
        assertTrue(shown().matches("(?s).*1  \\S+  .*first task.*"), shown());
        keyboard.type("1\n");
        awaitPrompt(6);
        assertTrue(shown().contains("corvid: resumed session"), shown());
        keyboard.type("and again\n");
        awaitPrompt(7);
        JsonNode messages = server.requests().get(2).json().path("messages");
        assertEquals("first task", messages.path(1).path("content").asString(), "the first session goes on");
        assertEquals("and again", messages.path(messages.size() - 1).path("content").asString());
        keyboard.type("/exit\n");
        assertEquals(0, corvid.get(30, TimeUnit.SECONDS));
    }

    @Test
    void approvalsAreAskedAtTheSessionsPromptAndInitAsksForAnAgentsMd() throws Exception {
        server.enqueue(Reply.completion(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c1", "write_file",
                "{\"path\": \"AGENTS.md\", \"content\": \"# Agents\\nRun the tests.\\n\"}")))));
        server.enqueue(Reply.completion(AssistantMessage.of("Wrote AGENTS.md.")));
        CompletableFuture<Integer> corvid = startCorvid(terminal());
        awaitPrompt(1);
        keyboard.type("/init\n");
        await(() -> shown().contains("Allow write_file?"), "the approval question", this::shown);
        keyboard.type("y\n");
        awaitPrompt(2);
        assertEquals("# Agents\nRun the tests.\n", Files.readString(workspace.resolve("AGENTS.md")));
        String task = server.requests().get(0).json().path("messages").path(1).path("content").asString();
        assertTrue(task.contains("AGENTS.md") && task.contains("build"), task);
        keyboard.type("/exit\n");
        assertEquals(0, corvid.get(30, TimeUnit.SECONDS));
    }
}
