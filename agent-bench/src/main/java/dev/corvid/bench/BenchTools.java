package dev.corvid.bench;

import dev.corvid.tool.Tool;
import dev.corvid.tool.ToolContext;
import dev.corvid.tool.ToolParam;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two tools of the benchmark, counting how often each runs per agent run so that every run can prove
 * each tool ran exactly once. Corvid calls the annotated methods; the hand-written baseline calls
 * {@link #weatherFor} and {@link #sum} with its own run id, so both pay the same counting cost.
 *
 * <p>Thread-safe.
 */
public final class BenchTools {

    /** How often each tool ran for one run. */
    record Invocations(int weather, int add) {
    }

    private static final class Counter {
        final AtomicInteger weather = new AtomicInteger();
        final AtomicInteger add = new AtomicInteger();
    }

    private static final Counter NONE = new Counter();

    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

    /** Returns the current weather in a city. */
    @Tool("Returns the current weather in a city")
    public String getWeather(@ToolParam("the city, e.g. Paris") String city, ToolContext context) {
        return weatherFor(context.runId(), city);
    }

    /** Adds two integers. */
    @Tool("Adds two integers and returns the sum")
    public int add(@ToolParam("the first addend") int a, @ToolParam("the second addend") int b, ToolContext context) {
        return sum(context.runId(), a, b);
    }

    String weatherFor(String runId, String city) {
        counter(runId).weather.incrementAndGet();
        return Workload.weather(city);
    }

    int sum(String runId, int a, int b) {
        counter(runId).add.incrementAndGet();
        return a + b;
    }

    /** Returns and forgets the counts of a finished run. */
    Invocations takeInvocations(String runId) {
        Counter counter = counters.remove(runId);
        if (counter == null) {
            counter = NONE;
        }
        return new Invocations(counter.weather.get(), counter.add.get());
    }

    private Counter counter(String runId) {
        return counters.computeIfAbsent(runId, id -> new Counter());
    }
}
