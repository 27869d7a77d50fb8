package dev.corvid.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs after runs, one at a time, in batches the orchestrator asks for on standard input, so that it can
 * alternate batches of Corvid and of the baseline, each in its own JVM, and compare each pair measured back
 * to back under the same load from the rest of the machine.
 *
 * <p>Commands, one a line: {@code warmup N} (answers {@code OK}), {@code batch N} (answers
 * {@code BATCH cpu_ns=... runs=N}), {@code end} (answers the {@code RESULT} line over every measured run).
 */
final class SequentialScenario {

    private final AgentClient client;
    private final BenchTools tools;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long[] nanos = new long[16_384];
    private int measured;
    private long cpuNanos;
    private long allocatedBytes;
    private long gcs;

    SequentialScenario(AgentClient client, BenchTools tools) {
        this.client = client;
        this.tools = tools;
    }

    /** Serves commands until {@code end} or the end of standard input. */
    void serve(PrintStream out) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] command = line.trim().split(" ");
            switch (command[0]) {
                case "warmup":
                    for (int i = Integer.parseInt(command[1]); i > 0; i--) {
                        Workload.check(client.run(Workload.PROMPT), tools);
                    }
                    // Start the measurement from a clean heap, the same for both clients.
                    System.gc();
                    out.println("OK");
                    break;
                case "batch":
                    out.println("BATCH cpu_ns=" + batch(Integer.parseInt(command[1])) + " runs=" + command[1]);
                    break;
                case "end":
                    out.println(result());
                    return;
                default:
                    throw new IllegalArgumentException("unknown command '" + line + "'");
            }
        }
    }

    /** Runs a batch, keeping each run's latency, and returns the process CPU time it took. */
    private long batch(int runs) {
        if (measured + runs > nanos.length) {
            nanos = Arrays.copyOf(nanos, Math.max(nanos.length * 2, measured + runs));
        }
        long gcsBefore = gcCount();
        long allocatedBefore = Allocation.totalBytes();
        long cpuBefore = os.getProcessCpuTime();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            Answer answer = client.run(Workload.PROMPT);
            nanos[measured++] = System.nanoTime() - start;
            Workload.check(answer, tools);
        }
        long cpu = os.getProcessCpuTime() - cpuBefore;
        cpuNanos += cpu;
        allocatedBytes += Allocation.totalBytes() - allocatedBefore;
        gcs += gcCount() - gcsBefore;
        return cpu;
    }

    private String result() {
        if (measured == 0) {
            return "RESULT runs=0";
        }
        long[] sorted = Arrays.copyOf(nanos, measured);
        Arrays.sort(sorted);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("runs", measured);
        values.put("median_us", ClientMain.round(sorted[measured / 2] / 1e3));
        values.put("p99_us", ClientMain.round(sorted[Math.min(measured - 1, (int) Math.ceil(measured * 0.99) - 1)] / 1e3));
        values.put("cpu_mean_us", ClientMain.round(cpuNanos / 1e3 / measured));
        values.put("alloc_kib_per_run", ClientMain.round(allocatedBytes / 1024.0 / measured));
        values.put("gcs", gcs);
        return ClientMain.resultLine(values);
    }

    private static long gcCount() {
        long count = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }
}
