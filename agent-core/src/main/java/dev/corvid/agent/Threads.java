package dev.corvid.agent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads agent runs use: virtual threads where the JDK has them (21+), otherwise bounded pools of
 * daemon platform threads, so that Corvid never keeps an application from exiting.
 */
final class Threads {

    /** Tool calls on JDK 17 share this many platform threads; further calls wait in a queue. */
    static final int PLATFORM_TOOL_THREADS = 64;

    private Threads() {
    }

    private static final class Pools {
        static final ExecutorService VIRTUAL = virtualExecutor();
        static final ExecutorService TOOLS = VIRTUAL != null ? VIRTUAL : platformPool("corvid-tool", PLATFORM_TOOL_THREADS);
        static final ExecutorService RUNS = VIRTUAL != null ? VIRTUAL
                : Executors.newCachedThreadPool(daemonFactory("corvid-run"));
    }

    private static final class Timer {
        static final ScheduledThreadPoolExecutor INSTANCE = newTimer();
    }

    /** Returns the executor that runs tool calls. */
    static ExecutorService tools() {
        return Pools.TOOLS;
    }

    /** Returns the executor that runs asynchronous agent runs, one thread each. */
    static ExecutorService runs() {
        return Pools.RUNS;
    }

    /** Returns the timer that enforces run timeouts. */
    static ScheduledThreadPoolExecutor timer() {
        return Timer.INSTANCE;
    }

    /** Returns whether tool calls run on virtual threads. */
    static boolean virtual() {
        return Pools.VIRTUAL != null;
    }

    private static ExecutorService virtualExecutor() {
        if (Runtime.version().feature() < 21) {
            return null;
        }
        try {
            // Compiled for 17, so the 21 API is reached reflectively, once.
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static ExecutorService platformPool(String prefix, int size) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonFactory(prefix));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ScheduledThreadPoolExecutor newTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemonFactory("corvid-timer"));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static ThreadFactory daemonFactory(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
