package dev.corvid.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The benchmark's orchestrator: starts two mock servers (latency 0 and 200 ms) in JVMs of their own, runs
 * every scenario with Corvid and the baseline alternately, each client in a fresh JVM, on JDK 17 and JDK 25,
 * and writes the report to {@code bench/results.md} and standard output.
 *
 * <p>Options: {@code --quick} (5,000 warm-up and 2,000 measured runs, one round of each scenario; a few
 * minutes), {@code --warmup N}, {@code --runs N} (measured per client and round), {@code --batch-runs N},
 * {@code --rounds N} (sequential), {@code --concurrent-rounds N}, {@code --warmup-waves N} (unmeasured
 * waves before the measured one), {@code --thread-warmup-runs N} (sequential runs before the thread-per-run
 * burst), {@code --thread-baseline inline|pool} (where the baseline runs tool calls in thread-per-run:
 * on the run's own thread, the default, or on a pool like Corvid's), {@code --cold-reps N},
 * {@code --concurrency N}, {@code --jdks HOME,HOME}, {@code --only sequential,concurrent,thread-per-run,cold},
 * {@code --jvm-options "..."} (for the client JVMs), {@code --out FILE}, {@code --aa} (the baseline in
 * Corvid's place too: an A/A run that shows how far two identical clients differ on this machine).
 */
public final class Benchmark {

    private static final List<Path> KNOWN_JDKS = List.of(Path.of("/usr/lib/jvm/java-17-openjdk-amd64"),
            Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"));

    private final Options options;
    private final boolean quick;
    private final boolean aa;
    private final int warmup;
    private final int runs;
    private final int batchRuns;
    private final int rounds;
    private final int concurrentRounds;
    private final int warmupWaves;
    private final int threadWarmupRuns;
    private final String threadBaseline;
    private final int coldReps;
    private final int concurrency;
    private final List<Jdk> jdks;
    private final List<String> scenarios;
    private final Results results = new Results();
    private Launcher launcher;

    private Benchmark(Options options) {
        this.options = options;
        this.quick = options.has("quick");
        this.aa = options.has("aa");
        this.warmup = options.intValue("warmup", quick ? 5_000 : 20_000);
        this.runs = options.intValue("runs", quick ? 2_000 : 10_000);
        this.batchRuns = Math.min(runs, options.intValue("batch-runs", quick ? 500 : 1_000));
        this.rounds = options.intValue("rounds", quick ? 1 : 3);
        this.concurrentRounds = options.intValue("concurrent-rounds", quick ? 1 : 5);
        this.warmupWaves = options.intValue("warmup-waves", quick ? 2 : 8);
        this.threadWarmupRuns = options.intValue("thread-warmup-runs", quick ? 2_000 : 5_000);
        this.threadBaseline = options.value("thread-baseline", "inline");
        if (!threadBaseline.equals("inline") && !threadBaseline.equals("pool")) {
            throw new IllegalArgumentException("--thread-baseline is inline or pool, got '" + threadBaseline + "'");
        }
        this.coldReps = options.intValue("cold-reps", quick ? 3 : 10);
        this.concurrency = options.intValue("concurrency", 1_000);
        this.jdks = jdks(options.value("jdks", null));
        this.scenarios = List.of(options.value("only", "sequential,concurrent,thread-per-run,cold").split(","));
    }

    public static void main(String[] args) throws Exception {
        new Benchmark(Options.parse(args)).run();
    }

    private void run() throws IOException, InterruptedException, URISyntaxException {
        Instant started = Instant.now();
        Path classes = Path.of(Benchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path classpathFile = classes.resolveSibling("classpath.txt");
        Path root = classes.getParent().getParent().getParent();
        Path out = Path.of(options.value("out", root.resolve("bench/results.md").toString()));
        Path logs = classes.resolveSibling("bench-logs");
        Files.createDirectories(logs);
        String classpath = Files.readString(classpathFile).trim() + java.io.File.pathSeparator + classes;
        List<String> jvmOptions = options.has("jvm-options")
                ? Arrays.asList(options.value("jvm-options", "").trim().split("\\s+")) : List.of();
        launcher = new Launcher(classpath, jvmOptions, logs);
        Closure closure = Closure.of(classpathFile);

        Jdk mockJdk = jdks.stream().max(Comparator.comparingInt(Jdk::feature)).orElseThrow();
        say("Corvid benchmark, " + (quick ? "quick" : "full") + ": clients on "
                + jdks.stream().map(Jdk::label).toList() + ", mocks on " + mockJdk.label());
        try (Launcher.MockProcess fast = launcher.startMock(mockJdk, 0);
             Launcher.MockProcess slow = launcher.startMock(mockJdk, 200)) {
            warmMocks(fast, slow);
            if (scenarios.contains("sequential")) {
                sequential(fast);
            }
            if (scenarios.contains("concurrent")) {
                concurrent(slow);
            }
            if (scenarios.contains("thread-per-run")) {
                threadPerRun(fast, slow);
            }
            if (scenarios.contains("cold")) {
                cold(fast);
            }
        }
        Duration took = Duration.between(started, Instant.now());
        Report report = new Report(results, closure, header(started, took, mockJdk), notes());
        String markdown = report.markdown();
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, markdown);
        System.out.println();
        System.out.println(markdown);
        say("written to " + out + " in " + took.truncatedTo(ChronoUnit.SECONDS).toString().substring(2).toLowerCase(Locale.ROOT));
    }

    /** Brings both mocks' JIT to steady state with unrecorded baseline runs, so no client meets a cold mock. */
    private void warmMocks(Launcher.MockProcess fast, Launcher.MockProcess slow) throws IOException, InterruptedException {
        Jdk jdk = jdks.get(jdks.size() - 1);
        for (String mode : List.of("blocking", "streaming")) {
            try (Launcher.InteractiveClient client = launcher.startInteractive(jdk, "baseline",
                    List.of("--scenario", "sequential", "--mode", mode, "--url", fast.baseUrl))) {
                client.ask("batch " + Math.min(warmup, 3_000));
                client.ask("end");
            }
            launcher.runClient(jdk, List.of("--client", "baseline", "--scenario", "concurrent", "--mode", mode,
                    "--url", slow.baseUrl, "--concurrency", Integer.toString(concurrency), "--warmup-waves", "0"));
        }
        say("mocks warmed up");
    }

    /**
     * For each JDK and mode, starts both clients, warms each up alone, then alternates batches of measured
     * runs between them, so every pair of batches meets the same load from the rest of the machine.
     */
    private void sequential(Launcher.MockProcess mock) throws IOException {
        int batches = Math.max(1, runs / batchRuns);
        for (int round = 0; round < rounds; round++) {
            for (Jdk jdk : jdks) {
                for (String mode : List.of("blocking", "streaming")) {
                    Results.Key key = new Results.Key("sequential", jdk.feature(), mode);
                    List<String> arguments = List.of("--scenario", "sequential", "--mode", mode, "--url", mock.baseUrl);
                    long started = System.nanoTime();
                    try (Launcher.InteractiveClient baseline = launcher.startInteractive(jdk, "baseline", arguments);
                         Launcher.InteractiveClient corvid = launcher.startInteractive(jdk, implementation("corvid"), arguments)) {
                        Map<String, Launcher.InteractiveClient> clients = Map.of("baseline", baseline, "corvid", corvid);
                        Map<String, List<Double>> cpu = Map.of("baseline", new ArrayList<>(), "corvid", new ArrayList<>());
                        for (String client : order(round)) {
                            expect("OK", clients.get(client).ask("warmup " + warmup));
                        }
                        for (int batch = 0; batch < batches; batch++) {
                            for (String client : order(round + batch)) {
                                String answer = clients.get(client).ask("batch " + batchRuns);
                                cpu.get(client).add(Launcher.parseResult(answer).get("cpu_ns") / 1e3 / batchRuns);
                            }
                            results.addPair(key, "cpu_us_per_run", last(cpu.get("corvid")), last(cpu.get("baseline")));
                        }
                        Map<String, Map<String, Double>> measured = new HashMap<>();
                        for (String client : Clients.NAMES) {
                            Map<String, Double> values = new LinkedHashMap<>(
                                    Launcher.parseResult(clients.get(client).ask("end")));
                            double[] perBatch = cpu.get(client).stream().mapToDouble(Double::doubleValue).toArray();
                            values.put("cpu_us_per_run", Math.round(Results.median(perBatch) * 10) / 10.0);
                            results.add(key, client, values);
                            measured.put(client, values);
                        }
                        results.addPairs(key, measured.get("corvid"), measured.get("baseline"), Set.of("cpu_us_per_run"));
                        say(String.format(Locale.ROOT, "[%s %d/%d] (%.1f s)%n  baseline: %s%n  corvid:   %s", key,
                                round + 1, rounds, (System.nanoTime() - started) / 1e9, measured.get("baseline"),
                                measured.get("corvid")));
                    }
                }
            }
        }
    }

    private void concurrent(Launcher.MockProcess mock) throws IOException, InterruptedException {
        eachClientInItsOwnJvm("concurrent", mock, this::implementation,
                List.of("--warmup-waves", Integer.toString(warmupWaves)));
    }

    /**
     * For each JDK and mode, lets each client in a fresh JVM warm up with sequential runs and then start
     * every run on a new platform thread of its own, as the independent harness of issue 12 did.
     */
    private void threadPerRun(Launcher.MockProcess fast, Launcher.MockProcess mock) throws IOException, InterruptedException {
        eachClientInItsOwnJvm("thread-per-run", mock, slot -> {
            String implementation = implementation(slot);
            // In an A/A run both slots get this same baseline.
            return implementation.equals("baseline") && threadBaseline.equals("inline")
                    ? "baseline-inline-tools" : implementation;
        }, List.of("--warmup-runs", Integer.toString(threadWarmupRuns), "--warmup-url", fast.baseUrl));
    }

    /**
     * Runs a scenario that one client JVM performs alone, {@link #concurrentRounds} times for each JDK and mode,
     * and pairs the two clients' results.
     *
     * @param implementation the client to launch for a slot ({@code corvid} or {@code baseline})
     * @param options the scenario's own options
     */
    private void eachClientInItsOwnJvm(String scenario, Launcher.MockProcess mock,
                                       UnaryOperator<String> implementation, List<String> options)
            throws IOException, InterruptedException {
        for (int round = 0; round < concurrentRounds; round++) {
            for (Jdk jdk : jdks) {
                for (String mode : List.of("blocking", "streaming")) {
                    Results.Key key = new Results.Key(scenario, jdk.feature(), mode);
                    Map<String, Map<String, Double>> measured = new HashMap<>();
                    for (String client : order(round)) {
                        String launched = implementation.apply(client);
                        List<String> arguments = new ArrayList<>(List.of("--client", launched, "--scenario", scenario,
                                "--mode", mode, "--url", mock.baseUrl, "--concurrency", Integer.toString(concurrency)));
                        arguments.addAll(options);
                        Launcher.ClientRun run = launcher.runClient(jdk, arguments);
                        results.add(key, client, run.values());
                        measured.put(client, run.values());
                        say(String.format(Locale.ROOT, "[%s %d/%d] %s: %s (%.1f s)", key, round + 1, concurrentRounds,
                                launched.equals(client) ? client : client + " (" + launched + ")", run.values(),
                                run.wallNanos() / 1e9));
                    }
                    results.addPairs(key, measured.get("corvid"), measured.get("baseline"), Set.of());
                }
            }
        }
    }

    private void cold(Launcher.MockProcess mock) throws IOException, InterruptedException {
        for (int rep = 0; rep < coldReps; rep++) {
            for (Jdk jdk : jdks) {
                Results.Key key = new Results.Key("cold", jdk.feature(), "blocking");
                Map<String, Double> millis = new HashMap<>();
                for (String client : order(rep)) {
                    Launcher.ClientRun run = launcher.runClient(jdk, List.of("--client", implementation(client), "--scenario", "cold",
                            "--mode", "blocking", "--url", mock.baseUrl));
                    millis.put(client, Math.round(run.wallNanos() / 100_000.0) / 10.0);
                    results.add(key, client, Map.of("wall_ms", millis.get(client)));
                    say(String.format(Locale.ROOT, "[cold %s %d/%d] %s: %.1f ms", jdk.label(), rep + 1, coldReps, client,
                            millis.get(client)));
                }
                results.addPair(key, "wall_ms", millis.get("corvid"), millis.get("baseline"));
            }
        }
    }

    private static double last(List<Double> values) {
        return values.get(values.size() - 1);
    }

    private static void expect(String expected, String answer) {
        if (!answer.equals(expected)) {
            throw new IllegalStateException("a client answered '" + answer + "' instead of '" + expected + "'");
        }
    }

    /** Returns the client to launch in a slot: the baseline in both in an A/A run, to show the noise. */
    private String implementation(String slot) {
        return aa ? "baseline" : slot;
    }

    /** Alternates which client goes first, so neither always meets the machine in the same state. */
    private static List<String> order(int round) {
        return round % 2 == 0 ? Clients.NAMES : List.of(Clients.NAMES.get(1), Clients.NAMES.get(0));
    }

    private List<String> header(Instant started, Duration took, Jdk mockJdk) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "Run %s (%s), took %d min %d s, on %d CPUs, %s %s.",
                started.truncatedTo(ChronoUnit.SECONDS), quick ? "quick" : "full", took.toMinutes(),
                took.toSecondsPart(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.version")));
        lines.add("");
        lines.add("Clients: " + String.join(", ", jdks.stream().map(jdk -> jdk.label() + " (" + jdk.version() + ")")
                .toList()) + "; mocks on " + mockJdk.label() + ".");
        lines.add(String.format(Locale.ROOT, "Sequential: %,d warm-up and %,d measured runs per JVM (in batches of %,d); "
                + "%d round(s); concurrency: %,d runs after %d unmeasured waves, %d round(s); thread per run: %,d runs "
                + "after %,d sequential runs, %d round(s), baseline tools %s; cold start: %d repetitions.",
                warmup, runs, batchRuns, rounds, concurrency, warmupWaves, concurrentRounds, concurrency, threadWarmupRuns,
                concurrentRounds, threadBaseline.equals("inline") ? "on the run's thread" : "on a pool like Corvid's",
                coldReps));
        if (aa) {
            lines.add("");
            lines.add("**A/A run: the column headed Corvid is the baseline again**, to show the noise of this machine.");
        }
        lines.add("");
        lines.add("Corvid / baseline is the median of paired ratios, each pair measured back to back (a batch of "
                + "sequential runs, a round, a cold start), which cancels most of the load from the rest of the "
                + "machine; lower is better for Corvid. The client columns give the median and, in brackets, the "
                + "lowest and highest value over rounds.");
        return lines;
    }

    private List<String> notes() {
        return List.of(
                "Every client runs in a fresh JVM launched by the orchestrator with the same options"
                        + (options.has("jvm-options") ? " (" + options.value("jvm-options", "") + ")" : " (JVM defaults)")
                        + "; Corvid and the baseline alternate, and which goes first alternates.",
                "The mock (JDK HttpServer, virtual threads, keep-alive, pre-serialised replies) runs in its own JVM, "
                        + "so its CPU is not charged to the client; on this machine it still competes for the same cores.",
                "A run is two HTTP round trips: the model calls get_weather and add in parallel, then answers with text "
                        + "built from both tool results. Every run's answer and tool counts are checked; a wrong one "
                        + "stops the benchmark.",
                "Corvid: Agent.builder().model(OpenAiCompatibleModel...).tools(new BenchTools()).build(), agent.run(prompt).",
                "Baseline: HttpClient 5 classic with a PoolingHttpClientConnectionManager, Jackson 3 streaming generator "
                        + "for requests (tool definitions serialised once), Jackson trees for responses, SSE split "
                        + "into lines by hand. Its two tool calls run in parallel on the same kind of executor as Corvid's: "
                        + "a virtual thread per call on JDK 21+, a pool of 64 daemon threads on JDK 17.",
                "Both clients may open as many connections as there are concurrent runs (" + concurrency + ").",
                "Sequential: both client JVMs start together and warm up one after the other; then they take turns "
                        + "running batches of " + batchRuns + " runs. CPU per run is the process CPU time "
                        + "(OperatingSystemMXBean.getProcessCpuTime, which counts GC and JIT threads too) of a batch "
                        + "divided by its runs; the client columns give the median over batches. Latency is timed per "
                        + "run over all batches. Allocation: bytes allocated by all threads (ThreadMXBean).",
                "Concurrency: all runs wait on one latch, on virtual threads on JDK 21+ and on platform threads on JDK 17, "
                        + "for both clients; " + warmupWaves + " unmeasured waves of the same size run first, so the JIT has "
                        + "mostly finished (with one, C2 compilation took ~30% of the client's CPU). Peak RSS is VmHWM over "
                        + "the JVM's life; peak threads is ThreadMXBean.getPeakThreadCount, reset just before the measured "
                        + "runs: live platform threads of every kind (daemon, pools, JVM service threads), not virtual threads. "
                        + "p99 is the 990th of 1,000 run latencies.",
                "Thread per run (the shape of issue 12's independent harness): " + threadWarmupRuns + " sequential "
                        + "warm-up runs against the mock without latency, through a client of the same kind; then the "
                        + "main thread starts " + concurrency + " new platform threads one after the other, on every "
                        + "JDK, each calling the blocking run of a second client (its own pool, not used before) once; "
                        + "no latch and no warm-up wave, so "
                        + "thread starts, new connections and Corvid's handoffs to its tool pool (64 threads on JDK 17, "
                        + "virtual threads on 21+) happen under the burst. Wall time runs from the first thread's start "
                        + "to the last run's end; each run is timed from its own start. The baseline runs the two tool "
                        + (threadBaseline.equals("inline") ? "calls one after the other on the run's own thread, as a "
                        + "hand-written loop with quick tools does (--thread-baseline pool puts them on a pool like "
                        + "Corvid's instead)." : "calls on a pool like Corvid's (--thread-baseline pool)."),
                "Cold start: wall time from launching the client JVM to its exit after one checked run (blocking).");
    }

    private static List<Jdk> jdks(String homes) {
        List<Jdk> found = new ArrayList<>();
        if (homes != null) {
            for (String home : homes.split(",")) {
                found.add(Jdk.at(Path.of(home.trim())));
            }
            return found;
        }
        for (Path home : KNOWN_JDKS) {
            if (Files.isRegularFile(home.resolve("release"))) {
                found.add(Jdk.at(home));
            }
        }
        return found.isEmpty() ? List.of(Jdk.current()) : found;
    }

    private static void say(String line) {
        System.err.println(line);
    }
}
