package dev.corvid.tools;

import dev.corvid.tool.ToolContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What {@code run_shell} does: checks the command, gives it the default timeout or the one the model asked for
 * up to the maximum, runs it with a {@link ShellRunner} and reports the outcome to the model. Immutable and
 * thread-safe.
 */
final class ShellCommands {

    /** Characters of a command's output kept from its start, and from its end. */
    private static final int HEAD_CHARS = 5000;
    private static final int TAIL_CHARS = 5000;

    private final ShellRunner runner;
    private final Duration defaultTimeout;
    private final Duration maxTimeout;

    /**
     * @param hiddenEnv environment variables commands must not see besides those with secret suffixes, any case
     * @param defaultTimeout the timeout when the model gives none; checked by {@link #checkTimeouts}
     * @param maxTimeout the longest timeout the model may ask for
     */
    ShellCommands(Path directory, Set<String> hiddenEnv, Sandbox sandbox, Duration defaultTimeout,
                  Duration maxTimeout) {
        Set<String> hidden = new LinkedHashSet<>();
        hiddenEnv.forEach(name -> hidden.add(name.toUpperCase(Locale.ROOT)));
        this.runner = new ShellRunner(directory, ShellRunner.findShell(), hidden, HEAD_CHARS, TAIL_CHARS, sandbox);
        this.defaultTimeout = defaultTimeout;
        this.maxTimeout = maxTimeout;
    }

    /**
     * Checks the builder's timeouts.
     *
     * @throws IllegalArgumentException when a timeout is missing, not positive or not whole seconds, or the
     *     default exceeds the maximum
     */
    static void checkTimeouts(Duration defaultTimeout, Duration maxTimeout) {
        requirePositive(defaultTimeout, "shellTimeout");
        requirePositive(maxTimeout, "maxShellTimeout");
        if (defaultTimeout.compareTo(maxTimeout) > 0) {
            throw new IllegalArgumentException("shellTimeout (" + defaultTimeout + ") exceeds maxShellTimeout ("
                    + maxTimeout + "); raise maxShellTimeout or lower shellTimeout");
        }
        if (defaultTimeout.toMillis() % 1000 != 0 || maxTimeout.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("shell timeouts are whole seconds, as the model gives them; "
                    + "use Duration.ofSeconds(...)");
        }
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + duration);
        }
    }

    /**
     * Runs a command and describes how it ended, noting when the timeout asked for was lowered to the maximum.
     *
     * @param timeoutSeconds the timeout the model asked for; null for the default
     * @throws IllegalArgumentException when the command is empty or the timeout is not positive
     */
    String run(String command, Integer timeoutSeconds, ToolContext context) throws IOException,
            InterruptedException {
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("command is empty; give a shell command to run");
        }
        Duration timeout = timeout(timeoutSeconds);
        String note = timeoutSeconds != null && timeoutSeconds > timeout.toSeconds()
                ? "Note: timeout_seconds was lowered to the maximum, " + ShellRunner.seconds(maxTimeout) + ".\n"
                : "";
        return note + runner.report(runner.run(command, timeout, context), timeout, maxTimeout);
    }

    /** Returns the timeout a command gets: the default, or what the model asked for up to the maximum. */
    Duration timeout(Integer requestedSeconds) {
        if (requestedSeconds == null) {
            return defaultTimeout;
        }
        if (requestedSeconds < 1) {
            throw new IllegalArgumentException("timeout_seconds must be 1 or more, was " + requestedSeconds);
        }
        Duration requested = Duration.ofSeconds(requestedSeconds);
        return requested.compareTo(maxTimeout) > 0 ? maxTimeout : requested;
    }
}
