package dev.corvid.bench;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunResult;
import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ChatModel;
import dev.corvid.model.Message;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ToolCall;
import dev.corvid.model.ToolMessage;
import dev.corvid.model.Usage;
import dev.corvid.model.FinishReason;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A diagnostic, not part of the benchmark's report: the cost of Corvid's agent loop alone, with an
 * in-memory model that replies as the mock does, so no HTTP or JSON of the wire is involved. It prints the
 * CPU time and heap allocated per run after a warm-up, to tell the loop's share of a run from the HTTP
 * model's.
 *
 * <p>Run it as {@code LoopOverhead [--warmup N] [--runs N]}.
 */
public final class LoopOverhead {

    private static final ModelResponse TOOL_CALLS = new ModelResponse(AssistantMessage.ofToolCalls(List.of(
            new ToolCall(MockReplies.WEATHER_CALL_ID, "get_weather", "{\"city\": \"Paris\"}", Map.of()),
            new ToolCall(MockReplies.ADD_CALL_ID, "add", "{\"a\": 2, \"b\": 3}", Map.of()))),
            FinishReason.TOOL_CALLS, Usage.of(92, 41), Workload.MODEL, "chatcmpl-bench");

    private LoopOverhead() {
    }

    public static void main(String[] args) {
        Options options = Options.parse(args);
        int warmup = options.intValue("warmup", 50_000);
        int runs = options.intValue("runs", 50_000);
        BenchTools tools = new BenchTools();
        Agent agent = Agent.builder().model(inMemoryModel()).tools(tools).build();
        for (int i = 0; i < warmup; i++) {
            run(agent, tools);
        }
        System.gc();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long allocatedBefore = threads.getTotalThreadAllocatedBytes();
        long cpuBefore = os.getProcessCpuTime();
        long wallBefore = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            run(agent, tools);
        }
        long wall = System.nanoTime() - wallBefore;
        long cpu = os.getProcessCpuTime() - cpuBefore;
        long allocated = threads.getTotalThreadAllocatedBytes() - allocatedBefore;
        System.out.printf(Locale.ROOT, "Corvid loop without HTTP, JDK %d: %.1f µs wall, %.1f µs CPU, %.1f KiB allocated per run%n",
                Runtime.version().feature(), wall / 1e3 / runs, cpu / 1e3 / runs, allocated / 1024.0 / runs);
    }

    private static void run(Agent agent, BenchTools tools) {
        RunResult<String> result = agent.run(Workload.PROMPT);
        Workload.check(new Answer(result.runId(), result.output()), tools);
    }

    /** Answers like the mock: the two tool calls first, then text built from the tool results. */
    private static ChatModel inMemoryModel() {
        return request -> {
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

}
