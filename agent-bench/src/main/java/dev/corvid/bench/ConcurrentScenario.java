package dev.corvid.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Starts many runs at once from a latch, on virtual threads on JDK 21+ and platform threads on 17, after
 * unmeasured waves of the same shape, and reports the last wave: its wall time, run latencies, the live
 * platform threads at their peak during it, and the process's peak resident set.
 */
final class ConcurrentScenario {

    private ConcurrentScenario() {
    }

    static Map<String, Object> run(AgentClient client, BenchTools tools, int concurrency, int warmupWaves)
            throws InterruptedException, ExecutionException {
        ExecutorService starter = BenchThreads.perTask();
        for (int i = 0; i < warmupWaves; i++) {
            wave(client, tools, concurrency, starter);
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        threads.resetPeakThreadCount();
        long cpuBefore = os.getProcessCpuTime();
        long[] wave = wave(client, tools, concurrency, starter);
        long cpu = os.getProcessCpuTime() - cpuBefore;
        int peakThreads = threads.getPeakThreadCount();
        starter.shutdown();
        long wall = wave[concurrency];
        Arrays.sort(wave, 0, concurrency);
        Map<String, Object> result = measured(wave, concurrency, wall, cpu, peakThreads);
        result.put("virtual_threads", BenchThreads.virtual());
        return result;
    }

    /**
     * Returns what the scenarios that run many runs at once report: {@code runs}, {@code wall_ms},
     * {@code slowest_ms}, {@code median_ms}, {@code p99_ms}, {@code cpu_ms}, {@code peak_rss_mib} and
     * {@code peak_threads}.
     *
     * @param nanos each run's time, sorted in its first {@code runs} entries
     */
    static Map<String, Object> measured(long[] nanos, int runs, long wallNanos, long cpuNanos, int peakThreads) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("runs", runs);
        result.put("wall_ms", ClientMain.round(wallNanos / 1e6));
        result.put("slowest_ms", ClientMain.round(nanos[runs - 1] / 1e6));
        result.put("median_ms", ClientMain.round(nanos[runs / 2] / 1e6));
        result.put("p99_ms", ClientMain.round(nanos[p99Index(runs)] / 1e6));
        result.put("cpu_ms", ClientMain.round(cpuNanos / 1e6));
        result.put("peak_rss_mib", ClientMain.round(peakRssKib() / 1024.0));
        result.put("peak_threads", peakThreads);
        return result;
    }

    /** Returns each run's time from its own start, then the wave's wall time at the last index. */
    private static long[] wave(AgentClient client, BenchTools tools, int concurrency, ExecutorService starter)
            throws InterruptedException, ExecutionException {
        CountDownLatch ready = new CountDownLatch(concurrency);
        CountDownLatch go = new CountDownLatch(1);
        long[] nanos = new long[concurrency + 1];
        List<Future<?>> runs = new ArrayList<>(concurrency);
        for (int i = 0; i < concurrency; i++) {
            int index = i;
            runs.add(starter.submit(() -> {
                ready.countDown();
                go.await();
                long start = System.nanoTime();
                Answer answer = client.run(Workload.PROMPT);
                nanos[index] = System.nanoTime() - start;
                Workload.check(answer, tools);
                return null;
            }));
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        for (Future<?> run : runs) {
            try {
                run.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Workload.WrongAnswerException wrong) {
                    throw wrong;
                }
                throw e;
            }
        }
        nanos[concurrency] = System.nanoTime() - start;
        return nanos;
    }

    /** Returns the index of the 99th percentile in a sorted array of that many values. */
    private static int p99Index(int count) {
        return Math.max(0, Math.min(count - 1, (int) Math.ceil(count * 0.99) - 1));
    }

    /** Returns the process's peak resident set (VmHWM) in KiB, or -1 where /proc is not available. */
    private static long peakRssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
