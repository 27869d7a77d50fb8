package dev.corvid.mcp;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The server processes this JVM started, so that they end with it, also when it is stopped with Ctrl-C
 * before the agent was closed.
 */
final class Processes {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Processes::end),
                "corvid-mcp-shutdown"));
    }

    private Processes() {
    }

    static void track(Process process) {
        RUNNING.add(process);
    }

    static void untrack(Process process) {
        RUNNING.remove(process);
    }

    /** Ends a process and everything it started (npx starts node, which runs the server): TERM, then KILL. */
    static void end(Process process) {
        var descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        RUNNING.remove(process);
    }
}
