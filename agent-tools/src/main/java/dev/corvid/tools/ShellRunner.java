package dev.corvid.tools;

import dev.corvid.model.Cancellation;
import dev.corvid.tool.ToolContext;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs one shell command as a fresh process in the workspace: stdin closed, stdout and stderr merged and
 * read on their own thread (so a chatty process never blocks on a full pipe), a deadline, and on timeout or
 * cancellation the whole process tree killed. Immutable and thread-safe; each call has its own process.
 */
final class ShellRunner {

    /** Suffixes of environment variable names that are never passed on, because they hold credentials. */
    static final List<String> SECRET_SUFFIXES = List.of("_API_KEY", "_KEY", "_TOKEN", "_SECRET", "_PASSWORD");

    /** How long output may keep coming after the command exited, from background processes still holding it. */
    private static final long OUTPUT_GRACE_MILLIS = 1000;
    private static final long POLL_MILLIS = 100;
    /** Descendants remembered before the dead ones are forgotten, for builds that start thousands of processes. */
    private static final int MAX_REMEMBERED = 256;

    /**
     * How a command ended.
     *
     * @param exitCode the exit code; null when the command was killed
     * @param timedOut whether the deadline killed it
     * @param cancelled whether the run's cancellation killed it
     * @param output head and tail of the merged output
     * @param background what became of processes the command left running with its output still open
     * @param elapsed how long it ran
     */
    record Outcome(Integer exitCode, boolean timedOut, boolean cancelled, String output, Background background,
                   Duration elapsed) {
    }

    /** What became of processes a command left running in the background that kept its output open. */
    enum Background {
        /** There were none. */
        NONE,
        /** They were found and killed. */
        STOPPED,
        /** They could not be found (their parent had exited) and run on; their later output is lost. */
        STILL_RUNNING
    }

    private final Path directory;
    private final List<String> shell;
    private final Set<String> hiddenNames;
    private final int headChars;
    private final int tailChars;
    private final Sandbox sandbox;

    /**
     * @param shell the shell and its flag for a command string, e.g. {@code [/bin/bash, -c]}; null when none
     *     was found, which makes every run fail with a message
     * @param hiddenNames environment variables to remove besides those with secret suffixes, in upper case
     * @param sandbox where commands run
     */
    ShellRunner(Path directory, List<String> shell, Set<String> hiddenNames, int headChars, int tailChars,
                Sandbox sandbox) {
        this.sandbox = sandbox;
        this.directory = directory;
        this.shell = shell == null ? null : List.copyOf(shell);
        this.hiddenNames = Set.copyOf(hiddenNames);
        this.headChars = headChars;
        this.tailChars = tailChars;
    }

    /** Returns {@code bash -c} when bash is installed, else {@code sh -c}, else null. */
    static List<String> findShell() {
        for (String name : List.of("bash", "sh")) {
            Path found = onPath(name);
            if (found != null) {
                return List.of(found.toString(), "-c");
            }
        }
        return null;
    }

    static Path onPath(String name) {
        List<String> directories = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            directories.addAll(List.of(path.split(File.pathSeparator)));
        }
        directories.addAll(List.of("/bin", "/usr/bin", "/usr/local/bin"));
        for (String directory : directories) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Returns whether an environment variable must not reach the command. */
    boolean isHidden(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (hiddenNames.contains(upper)) {
            return true;
        }
        for (String suffix : SECRET_SUFFIXES) {
            if (upper.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs a command and waits for it, at most until the timeout.
     *
     * @param context the call's context, for cancellation; null when called outside an agent
     * @throws InterruptedException when the calling thread is interrupted; the process tree is killed first
     * @throws IOException when the process cannot be started
     */
    Outcome run(String command, Duration timeout, ToolContext context) throws IOException, InterruptedException {
        if (shell == null) {
            throw new IllegalStateException("no shell was found on this machine (neither bash nor sh), so "
                    + "run_shell cannot run commands; use the file tools instead");
        }
        List<String> commandLine = sandbox.commandLine(directory, shell, command);
        ProcessBuilder builder = new ProcessBuilder(commandLine).directory(directory.toFile())
                .redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(this::isHidden);
        // Pagers and credential prompts would wait for a terminal that is not there.
        environment.put("PAGER", "cat");
        environment.put("GIT_PAGER", "cat");
        environment.put("GIT_TERMINAL_PROMPT", "0");

        long started = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        OutputLimit output = new OutputLimit(headChars, tailChars);
        Thread reader = new Thread(() -> pump(process.getInputStream(), output), "corvid-shell-output");
        reader.setDaemon(true);
        reader.start();

        Set<ProcessHandle> seen = new LinkedHashSet<>();
        Cancellation cancellation = context == null ? new Cancellation() : context.cancellation();
        boolean timedOut = false;
        boolean cancelled = false;
        try (Cancellation.Registration onCancel = cancellation.onCancel(() -> killTree(process, seen))) {
            long deadline = started + timeout.toNanos();
            while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                // Remember descendants while they are reachable: one whose parent dies is re-parented and lost.
                synchronized (seen) {
                    if (seen.size() > MAX_REMEMBERED) {
                        seen.removeIf(handle -> !handle.isAlive());
                    }
                    process.descendants().forEach(seen::add);
                }
                if (context != null && context.isCancelled()) {
                    cancelled = true;
                    killTree(process, seen);
                    break;
                }
                if (System.nanoTime() - deadline >= 0) {
                    timedOut = true;
                    killTree(process, seen);
                    break;
                }
            }
        } catch (InterruptedException e) {
            killTree(process, seen);
            throw e;
        }
        // The registered action may have killed the process before the loop saw the cancellation.
        cancelled |= !timedOut && cancellation.isCancelled();
        Background background = Background.NONE;
        reader.join(OUTPUT_GRACE_MILLIS);
        if (reader.isAlive()) {
            // The command left processes behind that still hold its output open; they die with the call.
            killTree(process, seen);
            reader.join(OUTPUT_GRACE_MILLIS);
            background = reader.isAlive() ? Background.STILL_RUNNING : Background.STOPPED;
        }
        process.waitFor(OUTPUT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        Integer exitCode = timedOut || cancelled || process.isAlive() ? null : process.exitValue();
        return new Outcome(exitCode, timedOut, cancelled, output.text(), background,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Describes how a command ended, for the model: exit code or why there is none, the working directory,
     * what became of background processes, and the output.
     *
     * @param timeout the timeout the command had
     * @param maxTimeout the largest timeout the model may ask for
     */
    String report(Outcome outcome, Duration timeout, Duration maxTimeout) {
        StringBuilder report = new StringBuilder();
        if (outcome.timedOut()) {
            report.append("Exit code: none, timed out after ").append(seconds(timeout))
                    .append(": the command and its child processes were killed. Split the work into shorter steps, "
                            + "or give a larger timeout_seconds (at most ").append(seconds(maxTimeout)).append(").\n");
        } else if (outcome.cancelled()) {
            report.append("Exit code: none, cancelled: the run was stopped and the command was killed.\n");
        } else {
            report.append("Exit code: ").append(outcome.exitCode() == null ? "unknown" : outcome.exitCode())
                    .append('\n');
        }
        report.append("Working directory: ").append(directory).append('\n');
        if (outcome.background() == Background.STOPPED) {
            report.append("Note: processes the command left running in the background kept its output open and "
                    + "were stopped; redirect their output to a file (e.g. > server.log 2>&1 &) to keep them.\n");
        } else if (outcome.background() == Background.STILL_RUNNING) {
            report.append("Note: processes the command left running in the background still hold its output open; "
                    + "what they write from now on is not shown. Redirect their output to a file "
                    + "(e.g. > server.log 2>&1 &).\n");
        }
        return report.append("Output:").append(outcome.output().isEmpty() ? " (none)" : "\n" + outcome.output())
                .toString();
    }

    static String seconds(Duration duration) {
        return duration.toSeconds() + " s";
    }

    private static void pump(InputStream stream, OutputLimit output) {
        char[] buffer = new char[8192];
        try (Reader in = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                output.append(buffer, 0, read);
            }
        } catch (IOException closed) {
            // The stream closes when the process is killed; what was read so far is the output.
        }
    }

    /** Kills every known descendant, then the process, twice over to catch children spawned meanwhile. */
    private static void killTree(Process process, Set<ProcessHandle> seen) {
        for (int pass = 0; pass < 2; pass++) {
            List<ProcessHandle> victims = new ArrayList<>();
            process.descendants().forEach(victims::add);
            synchronized (seen) {
                victims.addAll(seen);
            }
            victims.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
