package dev.corvid.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads the benchmark starts: virtual threads on JDK 21+, platform threads otherwise. The baseline
 * runs tool calls on the same kind of executor Corvid uses, so neither gets cheaper threads.
 */
final class BenchThreads {

    /** Corvid's tool pool on JDK 17 has this many daemon threads; the baseline's matches it. */
    private static final int PLATFORM_TOOL_THREADS = 64;

    private BenchThreads() {
    }

    /** Returns whether this JVM has virtual threads. */
    static boolean virtual() {
        return Runtime.version().feature() >= 21;
    }

    /** Returns a new executor for tool calls: a thread per task on 21+, else a pool of 64 daemon threads. */
    static ExecutorService executor() {
        if (virtual()) {
            return perTask();
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(PLATFORM_TOOL_THREADS, PLATFORM_TOOL_THREADS, 30,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "baseline-tool");
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Returns an executor that starts a new thread per task: virtual on 21+, platform daemon threads otherwise. */
    static ExecutorService perTask() {
        if (virtual()) {
            try {
                // Compiled for 17: the virtual-thread executor is reached reflectively, once.
                return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("JDK " + Runtime.version() + " should have virtual threads", e);
            }
        }
        return Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "bench-run");
            thread.setDaemon(true);
            return thread;
        });
    }
}
