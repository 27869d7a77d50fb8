package dev.corvid.temporal;

import dev.corvid.tool.Tool;
import dev.corvid.tool.ToolContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Tools that count their calls by idempotency key, and one that waits until it is stopped. */
class Desk {
    final Map<String, AtomicInteger> runsByCallId = new ConcurrentHashMap<>();
    final List<String> runIds = new CopyOnWriteArrayList<>();
    final CountDownLatch waiting = new CountDownLatch(1);
    /** The run id and call id of each call of {@code wait}, in order: the key a tool would make idempotent. */
    final List<String> waitKeys = new CopyOnWriteArrayList<>();
    /** When set, {@code wait} answers at once instead of waiting. */
    volatile boolean hurried;

    private void count(ToolContext context) {
        runIds.add(context.runId());
        runsByCallId.computeIfAbsent(context.toolCallId(), key -> new AtomicInteger()).incrementAndGet();
    }

    int runs(String callId) {
        AtomicInteger count = runsByCallId.get(callId);
        return count == null ? 0 : count.get();
    }

    @Tool("Adds two numbers")
    public int add(int a, int b, ToolContext context) {
        count(context);
        return a + b;
    }

    @Tool("Looks up the weather of a city")
    public String weather(String city, ToolContext context) {
        count(context);
        return "sunny in " + city;
    }

    @Tool("Returns a report of the given number of characters")
    public String report(int chars, ToolContext context) {
        count(context);
        return "R".repeat(chars);
    }

    @Tool("Waits until it is stopped")
    public String wait(ToolContext context) throws InterruptedException {
        count(context);
        waitKeys.add(context.runId() + "/" + context.toolCallId());
        if (hurried) {
            return "done at once";
        }
        waiting.countDown();
        while (!context.isCancelled()) {
            if (context.cancellation().isCancelled()) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return "stopped";
    }
}
