package dev.corvid.samples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which of the standard streams are attached to a terminal, and whether stdout and stderr are the same one.
 *
 * @param stdin whether the standard input is a terminal
 * @param stdout whether the standard output is a terminal
 * @param stderr whether the standard error is a terminal
 * @param shared whether stdout and stderr show on the same terminal, so what one shows the other need not repeat
 */
record Terminals(boolean stdin, boolean stdout, boolean stderr, boolean shared) {

    /** No terminal at all: output redirected, nobody to ask. */
    static final Terminals NONE = new Terminals(false, false, false, false);

    /** Whether a person can be asked: a question goes to stderr and the answer comes from stdin. */
    boolean canAsk() {
        return stdin && stderr;
    }

    /**
     * Looks at this process's streams: on Linux through {@code /proc/self/fd}, elsewhere through
     * {@link System#console()}, which on Java 17 only says whether stdin and stdout are both terminals.
     */
    static Terminals detect() {
        Path fds = Path.of("/proc/self/fd");
        if (Files.isDirectory(fds)) {
            String in = device(fds.resolve("0"));
            String out = device(fds.resolve("1"));
            String err = device(fds.resolve("2"));
            return new Terminals(in != null, out != null, err != null, out != null && out.equals(err));
        }
        boolean console = System.console() != null;
        // Without a way to see stderr, assume it goes where stdout goes, as it does in most shells.
        return new Terminals(console, console, console, console);
    }

    /** Returns the terminal device a descriptor is open on, or null when it is a file, a pipe or unknown. */
    private static String device(Path descriptor) {
        try {
            String target = Files.readSymbolicLink(descriptor).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console")
                    ? target : null;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }
}
