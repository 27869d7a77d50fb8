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
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UndoTest {

    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path workspace;
    @TempDir
    Path corvidHome;

    @AfterEach
    void stop() {
        server.close();
    }

    private int corvid(String... args) {
        List<String> all = new ArrayList<>(List.of("--workspace", workspace.toString()));
        all.addAll(List.of(args));
        return new CorvidCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("CORVID_HOME", corvidHome.toString()), null)
                .sandbox(Sandbox.none()).run(all.toArray(new String[0]));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=test@localhost"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(workspace.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    private static boolean gitInstalled() {
        try {
            return new ProcessBuilder("git", "--version").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** The model writes a.txt over and creates new.txt, then answers. */
    private void aRunThatChangesFiles() {
        server.enqueue(Reply.completion(AssistantMessage.ofToolCalls(List.of(
                ToolCall.of("c1", "write_file", "{\"path\": \"a.txt\", \"content\": \"two\\n\"}"),
                ToolCall.of("c2", "write_file", "{\"path\": \"new.txt\", \"content\": \"new\\n\"}")))));
        server.enqueue(Reply.completion(AssistantMessage.of("Changed a.txt, created new.txt.")));
        assertEquals(0, corvid("--base-url", server.baseUrl(), "--model", "m", "--no-stream", "--yes", "change"));
    }

    @Test
    void inAGitRepositoryUndoRestoresTheRunsFilesAndLeavesTheUsersWorkBranchIndexAndStash() throws Exception {
        assumeTrue(gitInstalled(), "needs git on the PATH (Debian: apt-get install git)");
        git("init", "-q");
        Files.writeString(workspace.resolve("a.txt"), "one\n");
        Files.writeString(workspace.resolve("staged.txt"), "committed\n");
        git("add", ".");
        git("commit", "-qm", "start");
        Files.writeString(workspace.resolve("staged.txt"), "staged by the user\n");
        git("add", "staged.txt");
        Files.writeString(workspace.resolve("mine.txt"), "uncommitted work\n");
        String head = git("rev-parse", "HEAD");
        String index = git("diff", "--cached", "--name-status");

        aRunThatChangesFiles();
        assertTrue(stderr().contains("taken (git); corvid --undo puts the files back"), stderr());
        assertEquals("two\n", Files.readString(workspace.resolve("a.txt")));

        assertEquals(0, corvid("--undo"));
        assertEquals("one\n", Files.readString(workspace.resolve("a.txt")));
        assertFalse(Files.exists(workspace.resolve("new.txt")));
        assertEquals("uncommitted work\n", Files.readString(workspace.resolve("mine.txt")));
        assertEquals("staged by the user\n", Files.readString(workspace.resolve("staged.txt")));
        assertEquals(head, git("rev-parse", "HEAD"));
        assertEquals(index, git("diff", "--cached", "--name-status"));
        assertEquals("", git("stash", "list"));
        assertTrue(stderr().contains("restored 2 files: a.txt, new.txt"), stderr());
    }

    @Test
    void aFileTheUserChangedAfterTheRunIsKept() throws Exception {
        assumeTrue(gitInstalled(), "needs git on the PATH (Debian: apt-get install git)");
        git("init", "-q");
        Files.writeString(workspace.resolve("a.txt"), "one\n");
        git("add", ".");
        git("commit", "-qm", "start");

        aRunThatChangesFiles();
        Files.writeString(workspace.resolve("new.txt"), "the user's edit\n");

        assertEquals(0, corvid("--undo"));
        assertEquals("one\n", Files.readString(workspace.resolve("a.txt")));
        assertEquals("the user's edit\n", Files.readString(workspace.resolve("new.txt")));
        assertTrue(stderr().contains("changed after the run: new.txt"), stderr());
    }

    @Test
    void outsideGitUndoPutsBackCopiesKeptUnderCorvidHome() throws Exception {
        Files.writeString(workspace.resolve("a.txt"), "one\n");

        aRunThatChangesFiles();
        assertTrue(stderr().contains("checkpoint taken (copies in " + corvidHome.resolve("checkpoints")), stderr());

        assertEquals(0, corvid("--undo"));
        assertEquals("one\n", Files.readString(workspace.resolve("a.txt")));
        assertFalse(Files.exists(workspace.resolve("new.txt")));
        assertTrue(stderr().contains("restored 2 files"), stderr());
    }

    @Test
    void undoWithNothingToUndoExitsOneAndSaysSo() throws Exception {
        assertEquals(1, corvid("--undo"));
        assertTrue(stderr().contains("nothing to undo"), stderr());
        aRunThatChangesFiles();
        assertEquals(0, corvid("--undo"));
        assertEquals(1, corvid("--undo"), "a run is undone once");
    }

    @Test
    void afterAnUndoTheSessionTellsTheModelWhatWasUndoneWhenItGoesOn() throws Exception {
        Files.writeString(workspace.resolve("a.txt"), "one\n");
        aRunThatChangesFiles();
        assertEquals(0, corvid("--undo"));
        assertTrue(stderr().contains("notes what was undone, for the model"), stderr());

        server.enqueue(Reply.completion(AssistantMessage.of("I see the changes were undone.")));
        assertEquals(0, corvid("--base-url", server.baseUrl(), "--model", "m", "--no-stream", "--continue",
                "what now?"));
        var messages = server.lastRequest().json().path("messages");
        List<String> users = new ArrayList<>();
        for (var message : messages) {
            if (message.path("role").asString().equals("user")) {
                users.add(message.path("content").asString());
            }
        }
        assertEquals(3, users.size(), users.toString());
        assertEquals("change", users.get(0));
        assertTrue(users.get(1).contains("The user undid the file changes of the last run")
                && users.get(1).contains("restored 2 files: a.txt, new.txt"), users.get(1));
        assertEquals("what now?", users.get(2));
    }
}
