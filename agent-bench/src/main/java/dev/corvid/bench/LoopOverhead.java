package dev.corvid.bench;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunResult;
import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ChatModel;
import dev.corvid.model.FinishReason;
import dev.corvid.model.Message;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ToolCall;
import dev.corvid.model.ToolMessage;
import dev.corvid.model.Usage;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A diagnostic, not part of the benchmark's report: the cost of Corvid's agent loop alone, with an
 * in-memory model that replies as the mock does (after an optional pause standing for the provider's
 * latency), beside a bare hand-written loop doing the same steps, so no HTTP is involved. It tells the
 * loop's share of a run from the HTTP model's.
 *
 * <p>Run it as {@code LoopOverhead [--warmup N] [--runs N]} for runs one after another, or with
 * {@code --concurrency N [--latency-ms L] [--waves N]} for runs started together, as in the benchmark.
 */
public final class LoopOverhead {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final ModelResponse TOOL_CALLS = new ModelResponse(AssistantMessage.ofToolCalls(List.of(
            new ToolCall(MockReplies.WEATHER_CALL_ID, "get_weather", "{\"city\": \"Paris\"}", Map.of()),
            new ToolCall(MockReplies.ADD_CALL_ID, "add", "{\"a\": 2, \"b\": 3}", Map.of()))),
            FinishReason.TOOL_CALLS, Usage.of(92, 41), Workload.MODEL, "chatcmpl-bench");

    private LoopOverhead() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        long latency = options.intValue("latency-ms", 0);
        BenchTools tools = new BenchTools();
        Agent agent = Agent.builder().model(inMemoryModel(latency)).tools(tools).build();
        ExecutorService toolExecutor = BenchThreads.executor();
        AtomicLong runIds = new AtomicLong();
        Map<String, Supplier<Answer>> loops = Map.of(
                "corvid", () -> {
                    RunResult<String> result = agent.run(Workload.PROMPT);
                    return new Answer(result.runId(), result.output());
                },
                "bare", () -> bareRun("bare-" + runIds.incrementAndGet(), tools, toolExecutor, latency));
        int concurrency = options.intValue("concurrency", 0);
        for (String name : List.of("bare", "corvid", "bare", "corvid")) {
            Supplier<Answer> loop = loops.get(name);
            if (concurrency == 0) {
                sequential(name, loop, tools, options.intValue("warmup", 50_000), options.intValue("runs", 50_000));
            } else {
                concurrent(name, loop, tools, concurrency, options.intValue("waves", 3));
            }
        }
    }

    private static void sequential(String name, Supplier<Answer> loop, BenchTools tools, int warmup, int runs) {
        for (int i = 0; i < warmup; i++) {
            Workload.check(loop.get(), tools);
        }
        System.gc();
        Meter meter = new Meter();
        for (int i = 0; i < runs; i++) {
            Workload.check(loop.get(), tools);
        }
        meter.print(name + " loop, " + runs + " runs one after another", runs);
    }

    private static void concurrent(String name, Supplier<Answer> loop, BenchTools tools, int concurrency, int waves)
            throws Exception {
        ExecutorService starter = BenchThreads.perTask();
        wave(loop, tools, concurrency, starter);
        Meter meter = new Meter();
        for (int i = 0; i < waves; i++) {
            wave(loop, tools, concurrency, starter);
        }
        meter.print(name + " loop, " + waves + " waves of " + concurrency + " runs started together", waves * concurrency);
        starter.shutdown();
    }

    private static void wave(Supplier<Answer> loop, BenchTools tools, int concurrency, ExecutorService starter)
            throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            runs.add(starter.submit(() -> {
                go.await();
                Workload.check(loop.get(), tools);
                return null;
            }));
        }
        go.countDown();
        for (Future<?> run : runs) {
            run.get();
        }
    }

    /** The same steps as Corvid's loop with nothing else: two turns, the tool calls in parallel. */
    private static Answer bareRun(String runId, BenchTools tools, ExecutorService executor, long latency) {
        pause(latency);
        List<Future<String>> results = new ArrayList<>();
        for (ToolCall call : TOOL_CALLS.message().toolCalls()) {
            results.add(executor.submit(() -> {
                JsonNode arguments = MAPPER.readTree(call.arguments());
                return call.name().equals("add")
                        ? Integer.toString(tools.sum(runId, arguments.path("a").asInt(), arguments.path("b").asInt()))
                        : tools.weatherFor(runId, arguments.path("city").asString());
            }));
        }
        try {
            String weather = results.get(0).get();
            String sum = results.get(1).get();
            pause(latency);
            return new Answer(runId, MockReplies.answerText(weather, sum));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers like the mock: the two tool calls first, then text built from the tool results. */
    private static ChatModel inMemoryModel(long latency) {
        return request -> {
            pause(latency);
            String weather = null;
            String sum = null;
            for (Message message : request.messages()) {
                if (message instanceof ToolMessage tool) {
                    if (tool.toolCallId().equals(MockReplies.WEATHER_CALL_ID)) {
                        weather = tool.content();
                    } else if (tool.toolCallId().equals(MockReplies.ADD_CALL_ID)) {
                        sum = tool.content();
                    }
                }
            }
            if (weather == null && sum == null) {
                return TOOL_CALLS;
            }
            return new ModelResponse(AssistantMessage.of(MockReplies.answerText(weather, sum)), FinishReason.STOP,
                    Usage.of(171, 19), Workload.MODEL, "chatcmpl-bench");
        };
    }

    private static void pause(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** CPU, wall time and allocation from its creation on. */
    private static final class Meter {
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final long allocated = Allocation.totalBytes();
        private final long cpu = os.getProcessCpuTime();
        private final long wall = System.nanoTime();

        void print(String what, int runs) {
            System.out.printf(Locale.ROOT, "%s, JDK %d: %.1f µs wall, %.1f µs CPU, %.1f KiB allocated per run%n",
                    what, Runtime.version().feature(), (System.nanoTime() - wall) / 1e3 / runs,
                    (os.getProcessCpuTime() - cpu) / 1e3 / runs,
                    (Allocation.totalBytes() - allocated) / 1024.0 / runs);
        }
    }
}
