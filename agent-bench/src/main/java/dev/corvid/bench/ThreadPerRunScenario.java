package dev.corvid.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Many runs at once the way a plain application starts them: after sequential warm-up runs (through a
 * client of the same kind pointed at a mock without latency, so the JIT is warm), one new
 * platform thread per run on every JDK, started one after the other from the main thread, each calling the
 * blocking {@code run} of a client that has not run yet; no latch, no thread reused from a warm-up wave, so
 * thread starts and new connections
 * fall inside the measurement, as in a service that meets a burst. Each run is timed from its own start; the
 * wall time runs from the first start to the last run's end.
 */
final class ThreadPerRunScenario {

    /** How long the measured runs may take together before the scenario gives up. */
    private static final long DEADLINE_MINUTES = 10;

    private ThreadPerRunScenario() {
    }

    /**
     * Runs the warm-up and the measured runs and returns what was measured.
     *
     * @param warmup the client that does the warm-up runs, or {@code client} itself
     * @param client the client that does the measured runs
     * @param concurrency how many runs, each on its own thread
     * @param warmupRuns sequential runs on the calling thread before the measured ones
     * @return {@code runs}, {@code wall_ms}, {@code median_ms}, {@code p99_ms}, {@code slowest_ms},
     *     {@code cpu_ms}, {@code peak_rss_mib} (over the JVM's life) and {@code peak_threads} (live platform
     *     threads during the measured runs)
     * @throws Workload.WrongAnswerException when a run answered wrongly
     * @throws IllegalStateException when a run failed or the runs did not end in time
     */
    static Map<String, Object> run(AgentClient warmup, AgentClient client, BenchTools tools, int concurrency,
            int warmupRuns) throws InterruptedException {
        for (int i = 0; i < warmupRuns; i++) {
            Workload.check(warmup.run(Workload.PROMPT), tools);
        }
        System.gc();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
        long[] nanos = new long[concurrency];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = new Thread[concurrency];
        threadBean.resetPeakThreadCount();
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            int index = i;
            threads[i] = new Thread(() -> {
                try {
                    long runStart = System.nanoTime();
                    Answer answer = client.run(Workload.PROMPT);
                    nanos[index] = System.nanoTime() - runStart;
                    Workload.check(answer, tools);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-run-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(DEADLINE_MINUTES);
        for (Thread thread : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left > 0) {
                thread.join(left);
            }
            if (thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " was still running after " + DEADLINE_MINUTES
                        + " minutes");
            }
        }
        long wall = System.nanoTime() - start;
        long cpu = os.getProcessCpuTime() - cpuBefore;
        int peakThreads = threadBean.getPeakThreadCount();
        Throwable failed = failure.get();
        if (failed instanceof Workload.WrongAnswerException wrong) {
            throw wrong;
        }
        if (failed != null) {
            throw new IllegalStateException("a run failed: " + failed, failed);
        }
        Arrays.sort(nanos);
        return ConcurrentScenario.measured(nanos, concurrency, wall, cpu, peakThreads);
    }
}
