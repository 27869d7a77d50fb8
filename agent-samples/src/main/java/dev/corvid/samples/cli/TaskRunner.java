package dev.corvid.samples.cli;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunHandle;
import dev.corvid.agent.RunListener;
import dev.corvid.agent.RunOutcome;
import dev.corvid.agent.RunResult;
import dev.corvid.model.ModelException;
import dev.corvid.session.Session;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one task of the command line to its end: the answer on the standard output, the closing lines on
 * the error stream, Ctrl-C cancelling the run cleanly, and the exit status from how it ended.
 */
final class TaskRunner {

    private final PrintStream out;
    private final PrintStream err;
    private final Terminals terminals;
    /** Set by the Ctrl-C hook, so that the run's own ending stays quiet and leaves the one line to the hook. */
    private final AtomicBoolean interrupted = new AtomicBoolean();

    /**
     * @param out where the answer goes
     * @param err where the closing lines go
     * @param terminals which streams are terminals, so that an answer shown already is not repeated
     */
    TaskRunner(PrintStream out, PrintStream err, Terminals terminals) {
        this.out = out;
        this.err = err;
        this.terminals = terminals;
    }

    /**
     * Runs the task in a session (null for none), cancelling cleanly on Ctrl-C, and returns the exit status;
     * the last line on stderr names the session.
     *
     * @param checkpoint the run's checkpoint for undo, or null for none
     */
    int execute(Agent agent, Session session, String task, ProgressPrinter progress, Checkpoint checkpoint) {
        RunHandle<String> handle = session == null ? agent.runAsync(List.of(), task)
                : agent.runAsync(session, task, RunListener.NONE);
        String sessionLine = session == null ? null : "corvid: session: " + session.id();
        // Ctrl-C starts the JVM's shutdown; this hook cancels the run, waits for it briefly and says so in one
        // line. The JVM then exits with 130, the status of SIGINT.
        Thread onInterrupt = new Thread(() -> {
            interrupted.set(true);
            handle.cancel();
            try {
                handle.result().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException | RuntimeException e) {
                // exiting anyway
            }
            progress.line("corvid: interrupted");
            if (sessionLine != null) {
                progress.line(sessionLine);
            }
            err.flush();
        }, "corvid-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            RunResult<String> result;
            try {
                result = handle.join();
            } finally {
                finish(checkpoint, progress);
            }
            removeQuietly(onInterrupt);
            if (interrupted.get()) {
                return ExitStatus.INTERRUPTED;
            }
            progress.summary(result);
            if (result.outcome() == RunOutcome.ANSWERED) {
                if (terminals.shared() && progress.showed(result.output())) {
                    // stdout and stderr are one terminal that shows the answer already.
                    out.flush();
                } else {
                    out.println(result.output());
                }
                return ExitStatus.ANSWERED;
            }
            return result.outcome() == RunOutcome.CANCELLED ? ExitStatus.INTERRUPTED : ExitStatus.NO_ANSWER;
        } catch (ModelException e) {
            removeQuietly(onInterrupt);
            if (interrupted.get()) {
                return ExitStatus.INTERRUPTED;
            }
            progress.line("corvid: the provider failed: " + Messages.plain(e.getMessage()));
            return ExitStatus.PROVIDER_FAILED;
        } catch (RuntimeException e) {
            removeQuietly(onInterrupt);
            if (interrupted.get()) {
                return ExitStatus.INTERRUPTED;
            }
            progress.line("corvid: the run failed: " + Messages.plain(e.getMessage()));
            return ExitStatus.NO_ANSWER;
        } finally {
            if (sessionLine != null && !interrupted.get()) {
                progress.line(sessionLine);
            }
        }
    }

    /** Records how the run left the files, so that undo can tell the user's later changes apart. */
    static void finish(Checkpoint checkpoint, ProgressPrinter progress) {
        if (checkpoint == null) {
            return;
        }
        try {
            checkpoint.finish();
        } catch (IOException e) {
            progress.line("corvid: could not record the run's end for --undo: " + Messages.plain(e.getMessage()));
        }
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting
        }
    }
}
