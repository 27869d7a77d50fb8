package dev.corvid.agent;

import dev.corvid.model.Cancellation;
import dev.corvid.model.ToolCall;
import dev.corvid.tool.FunctionTool;
import dev.corvid.tool.ToolContext;
import dev.corvid.tool.ToolResult;
import dev.corvid.tool.Toolbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the tool calls of one turn at once, each with its own timeout, and returns their results by call
 * id. The last call runs on the run's own thread and the others on the agent's tool executor, so a turn of
 * one call costs no thread handoff; a call the executor has not started by the time the run's thread is
 * free is taken back and run there, so a busy pool never keeps a run waiting for a thread. Nothing a call
 * does escapes as an exception: every failure is a result.
 */
final class ToolRunner {

    private final Agent agent;
    private final String runId;
    private final Cancellation runCancellation;
    private final Events events;

    ToolRunner(Agent agent, String runId, Cancellation runCancellation, Events events) {
        this.agent = agent;
        this.runId = runId;
        this.runCancellation = runCancellation;
        this.events = events;
    }

    /** One call under way: its signal, its deadline, and whether that deadline passed. */
    private final class Call {
        final ToolCall call;
        final Cancellation cancellation = new Cancellation();
        final Duration timeout;
        /** Set by whichever thread runs the call: a call runs once, on the pool or on the run's thread. */
        final AtomicBoolean claimed = new AtomicBoolean();
        volatile boolean timedOut;

        Call(ToolCall call) {
            this.call = call;
            this.timeout = agent.toolTimeout(call.name());
        }

        ToolResult timeoutResult() {
            return ToolResult.failure("Error: " + call.name() + " did not finish within " + describe(timeout)
                    + " and was stopped");
        }

        void timeOut() {
            timedOut = true;
            cancellation.cancel();
        }
    }

    Map<String, ToolResult> runAll(int turn, List<ToolCall> toolCalls, Toolbox tools) {
        int count = toolCalls.size();
        List<Call> calls = new ArrayList<>(count);
        List<Future<ToolResult>> futures = new ArrayList<>(count - 1);
        long[] deadlines = new long[count];
        for (int i = 0; i < count; i++) {
            Call call = new Call(toolCalls.get(i));
            calls.add(call);
            deadlines[i] = System.nanoTime() + call.timeout.toNanos();
            if (i < count - 1) {
                futures.add(submit(turn, call, tools));
            }
        }
        Cancellation.Registration onRunCancel = runCancellation.onCancel(() -> {
            calls.forEach(call -> call.cancellation.cancel());
            futures.forEach(future -> future.cancel(true));
        });
        try {
            Map<String, ToolResult> results = new LinkedHashMap<>();
            Call lastCall = calls.get(count - 1);
            lastCall.claimed.set(true);
            ToolResult last = runHere(turn, lastCall, tools);
            for (int i = 0; i < count - 1; i++) {
                Call call = calls.get(i);
                results.put(call.call.id(), call.claimed.compareAndSet(false, true) ? runHere(turn, call, tools)
                        : await(call, futures.get(i), deadlines[i]));
            }
            results.put(calls.get(count - 1).call.id(), last);
            return results;
        } finally {
            onRunCancel.close();
        }
    }

    private Future<ToolResult> submit(int turn, Call call, Toolbox tools) {
        try {
            return agent.toolExecutor.submit(() -> call.claimed.compareAndSet(false, true) ? runOne(turn, call, tools) : null);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(
                    ToolResult.failure("Error: the tool could not be started: the executor refused it"));
        }
    }

    /** Runs a call on this thread; at its deadline the call is cancelled and this thread interrupted. */
    private ToolResult runHere(int turn, Call call, Toolbox tools) {
        Interrupter interrupter = new Interrupter();
        ScheduledFuture<?> watchdog = Threads.timer().schedule(() -> {
            call.timeOut();
            interrupter.run();
        }, call.timeout.toNanos(), TimeUnit.NANOSECONDS);
        Cancellation.Registration onCancel = call.cancellation.onCancel(interrupter);
        try {
            return runOne(turn, call, tools);
        } finally {
            watchdog.cancel(false);
            onCancel.close();
            interrupter.callEnded();
            Thread.interrupted(); // the interrupt was ours, for this call alone
        }
    }

    private ToolResult await(Call call, Future<ToolResult> future, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.timeOut();
            future.cancel(true);
            return call.timeoutResult();
        } catch (CancellationException e) {
            return cancelled(call);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancellation.cancel();
            future.cancel(true);
            return cancelled(call);
        } catch (ExecutionException e) {
            // runOne catches everything but fatal errors; those belong to the application.
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            return ToolResult.failure("Error: " + call.call.name() + " failed: " + e.getCause());
        }
    }

    private static ToolResult cancelled(Call call) {
        return ToolResult.failure("Error: " + call.call.name() + " was stopped because the run was cancelled");
    }

    private ToolResult runOne(int turn, Call call, Toolbox tools) {
        ToolCall toolCall = call.call;
        long start = System.nanoTime();
        FunctionTool tool = tools.find(toolCall.name()).orElse(null);
        ToolResult result;
        if (tool == null) {
            result = ToolResult.failure("Error: there is no tool named '" + toolCall.name()
                    + "'. The tools are: " + String.join(", ", tools.names()) + ". Call again with one of these names.");
        } else {
            if (events.on()) {
                events.onEvent(new RunEvent.ToolCallStarted(runId, turn, toolCall));
            }
            try {
                result = tool.invoke(toolCall.arguments(), new ToolContext(runId, toolCall.id(), call.cancellation, events));
            } catch (RuntimeException | LinkageError | AssertionError e) {
                result = ToolResult.failure("Error: " + toolCall.name() + " failed with " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
            if (result == null) {
                result = ToolResult.failure("Error: " + toolCall.name() + " returned no result");
            }
            if (call.timedOut) {
                result = call.timeoutResult();
            }
        }
        if (events.on()) {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            events.onEvent(result.error() ? new RunEvent.ToolCallFailed(runId, turn, toolCall, result, took)
                    : new RunEvent.ToolCallFinished(runId, turn, toolCall, result, took));
        }
        return result;
    }

    private static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
