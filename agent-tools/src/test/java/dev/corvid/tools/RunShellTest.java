package dev.corvid.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.corvid.model.Cancellation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RunShellTest extends WorkspaceTest {

    /** Starts a background child, records its pid, and keeps the shell busy. */
    private static final String PARENT_AND_CHILD = "sleep 30 & echo $! > child.pid; sleep 30";

    private void assertChildGone() throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readString(workspace.resolve("child.pid")).strip());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (isRunning(pid) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(isRunning(pid), "child process " + pid + " is still running");
    }

    /** Returns whether a process runs; a killed orphan waiting to be reaped (a zombie) does not. */
    private static boolean isRunning(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException noProcFileSystem) {
            return true;
        }
    }

    @Test
    void theResultCarriesExitCodeWorkingDirectoryAndMergedOutput() throws IOException {
        String result = tools.ok("run_shell", "command", "echo out; echo err >&2; exit 3");

        assertEquals("Exit code: 3\nWorking directory: " + workspace.toRealPath() + "\nOutput:\nout\nerr\n", result);
    }

    @Test
    void eachCallIsAFreshProcessInTheWorkspace() throws IOException {
        Files.createDirectory(workspace.resolve("sub"));
        tools.ok("run_shell", "command", "cd sub && export FOO=bar");

        String result = tools.ok("run_shell", "command", "pwd; echo ${FOO:-unset}");

        assertTrue(result.endsWith("Output:\n" + workspace.toRealPath() + "\nunset\n"), result);
    }

    @Test
    void standardInputIsClosed() {
        String result = tools.ok("run_shell", "command", "cat; read line; echo \"read:$line\"", "timeout_seconds", 10);

        assertTrue(result.startsWith("Exit code: 0\n"), result);
        assertTrue(result.endsWith("read:\n"), result);
    }

    @Test
    void aTimeoutKillsTheWholeProcessTree() throws IOException, InterruptedException {
        long started = System.nanoTime();

        String result = tools.ok("run_shell", "command", PARENT_AND_CHILD, "timeout_seconds", 1);

        assertTrue(result.startsWith("Exit code: none, timed out after 1 s: the command and its child processes "
                + "were killed."), result);
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(8));
        assertChildGone();
    }

    @Test
    void cancellingTheRunKillsTheWholeProcessTree() throws IOException, InterruptedException {
        Cancellation cancellation = new Cancellation();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            timer.schedule(cancellation::cancel, 500, TimeUnit.MILLISECONDS);
            long started = System.nanoTime();

            String result = tools.call("run_shell", cancellation, "command", PARENT_AND_CHILD).content();

            assertTrue(result.startsWith("Exit code: none, cancelled"), result);
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(8));
            assertChildGone();
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void anInterruptedCallerKillsTheWholeProcessTree() throws Exception {
        CodingTools codingTools = CodingTools.in(workspace);
        AtomicReference<Thread> caller = new AtomicReference<>();
        CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
            caller.set(Thread.currentThread());
            try {
                codingTools.runShell(PARENT_AND_CHILD, null, null);
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(workspace.resolve("child.pid")) || Files.size(workspace.resolve("child.pid")) == 0) {
            assertTrue(System.nanoTime() < waitUntil, "the shell never wrote its child's pid");
            Thread.sleep(20);
        }
        caller.get().interrupt();

        assertTrue(failure.get(8, TimeUnit.SECONDS) instanceof InterruptedException);
        assertChildGone();
    }

    @Test
    void longOutputKeepsHeadAndTailWithACountedMarker() {
        // seq 1 100000 prints 588,895 characters.
        String result = tools.ok("run_shell", "command", "seq 1 100000");

        String output = result.substring(result.indexOf("Output:\n") + "Output:\n".length());
        assertTrue(output.startsWith("1\n2\n3\n"), output.substring(0, 20));
        assertTrue(output.endsWith("99999\n100000\n"));
        assertTrue(output.contains("\n[... 578,895 characters omitted ...]\n"), output);
        assertTrue(Pattern.compile("\\[\\.\\.\\. [\\d,]+ characters omitted").matcher(output).results().count() == 1);
        assertTrue(output.length() < 10_100, "output length " + output.length());
    }

    @Test
    void credentialsInTheEnvironmentNeverReachTheCommand() {
        assumeTrue(System.getenv("CORVID_TEST_API_KEY") != null, "surefire sets the test environment");
        ToolCalls hiding = new ToolCalls(CodingTools.builder(workspace).hiddenEnv("corvid_test_hidden").build());

        String visible = tools.ok("run_shell", "command", "env");
        String hidden = hiding.ok("run_shell", "command", "env");

        assertTrue(visible.contains("CORVID_TEST_VISIBLE=visible-to-commands"), visible);
        assertTrue(visible.contains("CORVID_TEST_HIDDEN=hidden-by-builder"), visible);
        for (String leak : new String[] {"sk-must-not-leak", "token-must-not-leak", "secret-must-not-leak"}) {
            assertFalse(visible.contains(leak), leak);
        }
        assertTrue(hidden.contains("CORVID_TEST_VISIBLE=visible-to-commands"));
        assertFalse(hidden.contains("hidden-by-builder"));
    }

    @Test
    void variablesWithSecretSuffixesAreRecognised() {
        ShellRunner runner = new ShellRunner(workspace, null, java.util.Set.of("MY_CONFIG"), 10, 10, Sandbox.none());

        for (String name : new String[] {"OPENAI_API_KEY", "AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "client_secret",
                "DB_PASSWORD", "MY_CONFIG", "my_config"}) {
            assertTrue(runner.isHidden(name), name);
        }
        for (String name : new String[] {"PATH", "HOME", "KEYBOARD", "TOKENIZERS_PARALLELISM", "JAVA_HOME"}) {
            assertFalse(runner.isHidden(name), name);
        }
    }

    @Test
    void aTimeoutAboveTheMaximumIsLoweredAndSaidSo() {
        ToolCalls strict = new ToolCalls(CodingTools.builder(workspace)
                .shellTimeout(Duration.ofSeconds(1)).maxShellTimeout(Duration.ofSeconds(1)).build());

        String result = strict.ok("run_shell", "command", "sleep 5", "timeout_seconds", 100);

        assertTrue(result.startsWith("Note: timeout_seconds was lowered to the maximum, 1 s.\n"
                + "Exit code: none, timed out after 1 s"), result);
    }

    @Test
    void aBackgroundProcessHoldingTheOutputDoesNotHoldTheCall() {
        long started = System.nanoTime();

        String result = tools.ok("run_shell", "command", "sleep 4 & echo started");

        assertTrue(System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(3500));
        assertTrue(result.startsWith("Exit code: 0\n"), result);
        // Whether the JDK has already closed the pipe when the shell exits is a race; either way the call returns.
        assertTrue(result.endsWith("Output:\nstarted\n"), result);
    }

    @Test
    void aBackgroundProcessWritingToAFileIsLeftAlone() throws IOException {
        String result = tools.ok("run_shell", "command", "(sleep 1; echo late > late.txt) > /dev/null 2>&1 & echo now");

        assertFalse(result.contains("Note:"), result);
        assertTrue(result.endsWith("now\n"), result);
    }

    @Test
    void anEmptyCommandIsRefused() {
        assertTrue(tools.error("run_shell", "command", " ").contains("command is empty"));
    }

    @Test
    void theBuilderRefusesUnusableSettings() {
        assertThrows(IllegalArgumentException.class, () -> CodingTools.in(workspace.resolve("missing")));
        assertThrows(IllegalArgumentException.class, () -> CodingTools.builder(workspace)
                .shellTimeout(Duration.ofMinutes(20)).build());
        assertThrows(IllegalArgumentException.class, () -> CodingTools.builder(workspace)
                .shellTimeout(Duration.ofMillis(1500)).build());
        assertThrows(IllegalArgumentException.class, () -> CodingTools.builder(workspace).hiddenEnv(" "));
    }
}
