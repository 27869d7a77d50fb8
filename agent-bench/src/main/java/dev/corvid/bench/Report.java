package dev.corvid.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's results as markdown: the targets with PASS or MISS, one table per scenario with
 * Corvid beside the baseline and their ratio, the closure of agent-core, how it was measured, and every raw
 * number.
 */
final class Report {

    /** A target of issues 7 and 12 and whether the measurement meets it. */
    record Target(String name, String measured, boolean pass) {
    }

    private record Metric(String key, String label) {
    }

    private static final List<Metric> SEQUENTIAL = List.of(
            new Metric("median_us", "median latency per run (µs)"),
            new Metric("p99_us", "p99 latency per run (µs)"),
            new Metric("cpu_us_per_run", "client CPU per run (µs)"),
            new Metric("alloc_kib_per_run", "heap allocated per run (KiB)"));
    private static final List<Metric> CONCURRENT = List.of(
            new Metric("wall_ms", "wall time of 1,000 runs (ms)"),
            new Metric("slowest_ms", "slowest run (ms)"),
            new Metric("median_ms", "median run, p50 (ms)"),
            new Metric("p99_ms", "p99 run (ms)"),
            new Metric("peak_rss_mib", "peak RSS, VmHWM (MiB)"),
            new Metric("peak_threads", "peak live platform threads"),
            new Metric("cpu_ms", "client CPU for the 1,000 runs (ms)"));
    /** CPU per run may be this much above the baseline's (issue 12). */
    static final double CPU_LIMIT = 1.15;
    /** Wall time and p50 of many concurrent runs may be this much above the baseline's (issue 12). */
    static final double CONCURRENT_LIMIT = 1.1;

    private static final Metric COLD = new Metric("wall_ms", "launch to exit after one run (ms)");

    private final Results results;
    private final Closure closure;
    private final List<String> header;
    private final List<String> notes;

    /**
     * Creates the report.
     *
     * @param header lines describing the run: when, where, with which settings
     * @param notes lines describing how it was measured
     */
    Report(Results results, Closure closure, List<String> header, List<String> notes) {
        this.results = results;
        this.closure = closure;
        this.header = List.copyOf(header);
        this.notes = List.copyOf(notes);
    }

    /** Evaluates every target the results allow. */
    List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        for (Results.Key key : results.keys()) {
            switch (key.scenario()) {
                case "sequential":
                    targets.add(ratioTarget("client CPU per run ≤ " + CPU_LIMIT + "× baseline, " + where(key), key,
                            "cpu_us_per_run", CPU_LIMIT, "µs"));
                    break;
                case "concurrent":
                    concurrentTargets(targets, "1,000 concurrent runs", key);
                    targets.add(ratioTarget("1,000 concurrent runs: peak RSS no higher than baseline, " + where(key),
                            key, "peak_rss_mib", 1.0, "MiB"));
                    if (key.jdk() >= 21) {
                        double threads = results.median(key, "corvid", "peak_threads");
                        targets.add(new Target("1,000 concurrent runs: fewer than 100 platform threads (Corvid), "
                                + where(key), format(threads) + " threads", threads < 100));
                    }
                    break;
                case "thread-per-run":
                    concurrentTargets(targets, "1,000 runs, a platform thread each", key);
                    break;
                case "cold":
                    targets.add(ratioTarget("cold start ≤ 1.5× baseline, JDK " + key.jdk(), key, "wall_ms", 1.5, "ms"));
                    break;
                default:
                    throw new IllegalStateException("unknown scenario " + key.scenario());
            }
        }
        if (closure != null) {
            targets.add(new Target("agent-core runtime closure ≤ 8 MiB", String.format(Locale.ROOT, "%.2f MiB in %d jars",
                    closure.mebibytes(), closure.entries().size()), closure.mebibytes() <= 8));
        }
        return targets;
    }

    /** Returns the whole report as markdown. */
    String markdown() {
        StringBuilder out = new StringBuilder("# Corvid benchmark results\n\n");
        header.forEach(line -> out.append(line).append('\n'));
        out.append("\n## Targets\n\n| target | measured | result |\n|---|---|---|\n");
        for (Target target : targets()) {
            out.append("| ").append(target.name()).append(" | ").append(target.measured()).append(" | ")
                    .append(target.pass() ? "PASS" : "**MISS**").append(" |\n");
        }
        table(out, "sequential", "Sequential runs, warmed up, mock latency 0 (median over rounds)", SEQUENTIAL);
        table(out, "concurrent", "1,000 runs started together, mock latency 200 ms per response (median over rounds)",
                CONCURRENT);
        table(out, "thread-per-run", "1,000 runs, each started on a new platform thread after sequential warm-up, "
                + "mock latency 200 ms per response (median over rounds)", CONCURRENT);
        table(out, "cold", "Cold start: JVM launch to exit of a client doing one run (median over repetitions)",
                List.of(COLD));
        if (closure != null) {
            out.append(String.format(Locale.ROOT, "%n## agent-core runtime closure%n%n%d jars, %.2f MiB%n%n",
                    closure.entries().size(), closure.mebibytes()));
            out.append("| entry | KiB |\n|---|---|\n");
            for (Closure.Entry entry : closure.entries()) {
                out.append("| ").append(entry.path().getFileName()).append(" | ")
                        .append(String.format(Locale.ROOT, "%.0f", entry.bytes() / 1024.0)).append(" |\n");
            }
        }
        out.append("\n## How it was measured\n\n");
        notes.forEach(line -> out.append("- ").append(line).append('\n'));
        out.append("\n## Raw numbers\n\nOne line per client JVM, in the order they ran.\n\n```\n");
        for (Results.Key key : results.keys()) {
            for (String client : Clients.NAMES) {
                for (Map<String, Double> sample : results.samples(key, client)) {
                    out.append(key).append(' ').append(client).append(':');
                    sample.forEach((name, value) -> out.append(' ').append(name).append('=').append(format(value)));
                    out.append('\n');
                }
            }
        }
        return out.append("```\n").toString();
    }

    private void table(StringBuilder out, String scenario, String title, List<Metric> metrics) {
        List<Results.Key> keys = results.keys().stream().filter(key -> key.scenario().equals(scenario)).toList();
        if (keys.isEmpty()) {
            return;
        }
        out.append("\n## ").append(title).append("\n\n| JDK | mode | metric | baseline (min–max) | Corvid (min–max) | Corvid / baseline |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Results.Key key : keys) {
            for (Metric metric : metrics) {
                out.append("| ").append(key.jdk()).append(" | ").append(key.mode()).append(" | ").append(metric.label())
                        .append(" | ").append(withRange(key, "baseline", metric.key()))
                        .append(" | ").append(withRange(key, "corvid", metric.key()))
                        .append(" | ").append(ratio(results.ratio(key, metric.key()))).append(" |\n");
            }
        }
    }

    /** Returns the median, followed by the lowest and highest sample when there are several. */
    private String withRange(Results.Key key, String client, String metric) {
        String median = format(results.median(key, client, metric));
        double[] values = results.samples(key, client).stream().map(sample -> sample.get(metric))
                .filter(value -> value != null).mapToDouble(Double::doubleValue).sorted().toArray();
        if (values.length < 2) {
            return median;
        }
        return median + " (" + format(values[0]) + "–" + format(values[values.length - 1]) + ")";
    }

    private void concurrentTargets(List<Target> targets, String what, Results.Key key) {
        targets.add(ratioTarget(what + ": wall time ≤ " + CONCURRENT_LIMIT + "× baseline, " + where(key), key,
                "wall_ms", CONCURRENT_LIMIT, "ms"));
        targets.add(ratioTarget(what + ": p50 run ≤ " + CONCURRENT_LIMIT + "× baseline, " + where(key), key,
                "median_ms", CONCURRENT_LIMIT, "ms"));
    }

    private Target ratioTarget(String name, Results.Key key, String metric, double limit, String unit) {
        double ratio = results.ratio(key, metric);
        String measured = ratio(ratio) + " (" + format(results.median(key, "corvid", metric)) + " vs "
                + format(results.median(key, "baseline", metric)) + " " + unit + ")";
        return new Target(name, measured, ratio <= limit);
    }

    private static String where(Results.Key key) {
        return "JDK " + key.jdk() + ", " + key.mode();
    }

    private static String ratio(double ratio) {
        return Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.2f×", ratio);
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        if (value == Math.rint(value) || Math.abs(value) >= 1000) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
