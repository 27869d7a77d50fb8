package dev.corvid.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.Message;
import dev.corvid.session.FileSessionStore;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.Reply;
import dev.corvid.tools.Sandbox;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Every corvid run is a session under $CORVID_HOME; --continue, --resume and --list-sessions use them. */
class CorvidSessionsTest {

    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private ByteArrayOutputStream out;
    private ByteArrayOutputStream err;

    @TempDir
    Path workspace;

    @TempDir
    Path otherWorkspace;

    @TempDir
    Path corvidHome;

    @AfterEach
    void stop() {
        server.close();
    }

    private int corvid(Path in, String... extra) {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--base-url", server.baseUrl(), "--model", "m",
                "--workspace", in.toString()));
        args.addAll(List.of(extra));
        return new CorvidCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("CORVID_HOME", corvidHome.toString()), null)
                .sandbox(Sandbox.bubblewrap(Path.of("/nonexistent/bin/bwrap")))
                .run(args.toArray(new String[0]));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Returns the session id named in the last lines of stderr. */
    private String sessionId() {
        List<String> lines = stderr().lines().toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("corvid: session: "), stderr());
        return last.substring("corvid: session: ".length());
    }

    private static List<String> userTexts(JsonNode request) {
        List<String> texts = new ArrayList<>();
        for (JsonNode message : request.path("messages")) {
            if (message.path("role").asString().equals("user")) {
                texts.add(message.path("content").asString());
            }
        }
        return texts;
    }

    @Test
    void everyRunIsAStoredSessionNamedInTheLastLineOfStderr() {
        server.enqueue(Reply.stream(AssistantMessage.of("Hello.")));
        assertEquals(0, corvid(workspace, "say hello"));
        String id = sessionId();
        var session = new FileSessionStore(corvidHome.resolve("sessions")).load(id).orElseThrow();
        assertEquals(List.of(Message.user("say hello"), AssistantMessage.of("Hello.")), session.messages());
        assertEquals(workspace.toAbsolutePath().normalize().toString(), session.info().workspace());
    }

    @Test
    void continueGoesOnWithTheNewestSessionOfTheSameWorkspace() {
        server.enqueue(Reply.stream(AssistantMessage.of("First done.")));
        server.enqueue(Reply.stream(AssistantMessage.of("Elsewhere done.")));
        server.enqueue(Reply.stream(AssistantMessage.of("Second done.")));
        assertEquals(0, corvid(workspace, "first task"));
        String first = sessionId();
        assertEquals(0, corvid(otherWorkspace, "task elsewhere"));
        assertEquals(0, corvid(workspace, "--continue", "second task"));
        assertEquals(first, sessionId());
        assertTrue(stderr().contains("continuing session " + first), stderr());
        assertEquals(List.of("first task", "second task"), userTexts(server.lastRequest().json()));
        assertEquals(4, new FileSessionStore(corvidHome.resolve("sessions")).load(first).orElseThrow().messages().size());
    }

    @Test
    void continueInAWorkspaceWithoutSessionsStartsANewOne() {
        server.enqueue(Reply.stream(AssistantMessage.of("Done.")));
        assertEquals(0, corvid(workspace, "--continue", "a task"));
        assertEquals(List.of("a task"), userTexts(server.lastRequest().json()));
        assertEquals(2, new FileSessionStore(corvidHome.resolve("sessions")).load(sessionId()).orElseThrow()
                .messages().size());
    }

    @Test
    void resumeGoesOnWithTheNamedSessionAndAnUnknownOneIsAUsageError() {
        server.enqueue(Reply.stream(AssistantMessage.of("A.")));
        server.enqueue(Reply.stream(AssistantMessage.of("B.")));
        server.enqueue(Reply.stream(AssistantMessage.of("C.")));
        assertEquals(0, corvid(workspace, "task a"));
        String a = sessionId();
        assertEquals(0, corvid(workspace, "task b"));
        assertNotEquals(a, sessionId());
        assertEquals(0, corvid(workspace, "--resume", a, "task c"));
        assertEquals(a, sessionId());
        assertEquals(List.of("task a", "task c"), userTexts(server.lastRequest().json()));

        int requests = server.requests().size();
        assertEquals(2, corvid(workspace, "--resume", "20990101-000000-abcdef", "task d"));
        assertTrue(stderr().contains("--list-sessions"), stderr());
        assertEquals(2, corvid(workspace, "--resume", a, "--continue", "task d"));
        assertEquals(requests, server.requests().size());
    }

    @Test
    void listSessionsShowsIdWorkspaceFirstTaskAndTurns() throws Exception {
        server.enqueue(Reply.stream(AssistantMessage.of("Done.")));
        assertEquals(0, corvid(workspace, "make the build green\nwith details"));
        String id = sessionId();
        assertEquals(0, corvid(workspace, "--list-sessions"));
        String listing = out.toString(StandardCharsets.UTF_8);
        String row = listing.lines().filter(line -> line.startsWith(id)).findFirst().orElseThrow(() ->
                new AssertionError(listing));
        assertTrue(row.contains(workspace.toAbsolutePath().normalize().toString()), row);
        assertTrue(row.contains("make the build green"), row);
        assertTrue(row.matches(".*\\s1\\s.*"), row);
        assertTrue(Files.isDirectory(corvidHome.resolve("sessions")));
    }
}
