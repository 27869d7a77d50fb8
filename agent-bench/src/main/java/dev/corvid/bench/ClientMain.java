package dev.corvid.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One client JVM of the benchmark: performs one scenario with one client and reports on standard output.
 * A wrong answer ends it with exit status 2.
 *
 * <p>Options: {@code --client NAME} (see {@link Clients#create}),
 * {@code --scenario sequential|concurrent|thread-per-run|cold}, {@code --mode blocking|streaming},
 * {@code --url BASE_URL}, for {@code concurrent} and {@code thread-per-run} {@code --concurrency N}, for
 * {@code concurrent} {@code --warmup-waves N}, and for {@code thread-per-run} {@code --warmup-runs N} and
 * {@code --warmup-url BASE_URL} (a mock for the warm-up runs; by default {@code --url}).
 * {@code sequential} takes its commands from standard input (see {@link SequentialScenario});
 * {@code concurrent} and {@code thread-per-run} print one {@code RESULT name=value ...} line;
 * {@code cold} does one run and exits, for the orchestrator to time.
 */
public final class ClientMain {

    private ClientMain() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        String scenario = options.required("scenario");
        String mode = options.value("mode", "blocking");
        if (!mode.equals("blocking") && !mode.equals("streaming")) {
            throw new IllegalArgumentException("--mode is blocking or streaming, got '" + mode + "'");
        }
        int concurrency = options.intValue("concurrency", 1000);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BenchTools tools = new BenchTools();
        try (AgentClient client = Clients.create(options.required("client"), options.required("url"),
                mode.equals("streaming"), concurrency, tools)) {
            switch (scenario) {
                case "cold":
                    // Nothing but the run: the orchestrator times the process from launch to exit.
                    Workload.check(client.run(Workload.PROMPT), tools);
                    break;
                case "sequential":
                    new SequentialScenario(client, tools).serve(out);
                    break;
                case "concurrent":
                    out.println(resultLine(ConcurrentScenario.run(client, tools, concurrency,
                            options.intValue("warmup-waves", 1))));
                    break;
                case "thread-per-run":
                    out.println(resultLine(threadPerRun(options, client, tools, mode.equals("streaming"), concurrency)));
                    break;
                default:
                    throw new IllegalArgumentException("--scenario is sequential, concurrent, thread-per-run or cold, got '"
                            + scenario + "'");
            }
        } catch (Workload.WrongAnswerException e) {
            System.err.println("WRONG ANSWER: " + e.getMessage());
            System.exit(2);
        }
    }

    private static Map<String, Object> threadPerRun(Options options, AgentClient client, BenchTools tools, boolean stream,
            int concurrency) throws InterruptedException {
        int warmupRuns = options.intValue("warmup-runs", 1_000);
        if (!options.has("warmup-url")) {
            return ThreadPerRunScenario.run(client, client, tools, concurrency, warmupRuns);
        }
        try (AgentClient warmup = Clients.create(options.required("client"), options.required("warmup-url"), stream, 1,
                tools)) {
            return ThreadPerRunScenario.run(warmup, client, tools, concurrency, warmupRuns);
        }
    }

    /** Returns {@code RESULT name=value ...}, the line the orchestrator reads. */
    static String resultLine(Map<String, Object> values) {
        StringBuilder line = new StringBuilder("RESULT");
        values.forEach((name, value) -> line.append(' ').append(name).append('=').append(value));
        return line.toString();
    }

    /** Rounds to one decimal, enough for every number reported. */
    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
