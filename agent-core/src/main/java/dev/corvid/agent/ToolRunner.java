package dev.corvid.agent;

import dev.corvid.model.Cancellation;
import dev.corvid.model.ToolCall;
import dev.corvid.tool.FunctionTool;
import dev.corvid.tool.ToolContext;
import dev.corvid.tool.ToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the tool calls of one turn at once, each with its own timeout, and returns their results in the
 * order of the calls. Nothing a call does can escape as an exception: every failure is a result.
 */
final class ToolRunner {

    /** A call's result, and whether it counts against the tool's retry budget (a denial does not). */
    record Outcome(ToolResult result, boolean countsAsFailure) {
    }

    private final Agent agent;
    private final String runId;
    private final Cancellation runCancellation;

    ToolRunner(Agent agent, String runId, Cancellation runCancellation) {
        this.agent = agent;
        this.runId = runId;
        this.runCancellation = runCancellation;
    }

    List<Outcome> runAll(List<ToolCall> calls) {
        int count = calls.size();
        List<Future<Outcome>> futures = new ArrayList<>(count);
        List<Cancellation> callCancellations = new ArrayList<>(count);
        long[] deadlines = new long[count];
        for (ToolCall call : calls) {
            Cancellation callCancellation = new Cancellation();
            callCancellations.add(callCancellation);
            deadlines[futures.size()] = System.nanoTime() + agent.toolTimeout(call.name()).toNanos();
            try {
                futures.add(agent.toolExecutor.submit(() -> runOne(call, callCancellation)));
            } catch (RejectedExecutionException e) {
                futures.add(java.util.concurrent.CompletableFuture.completedFuture(new Outcome(
                        ToolResult.failure("Error: the tool could not be started: the executor refused it"), true)));
            }
        }
        Cancellation.Registration onRunCancel = runCancellation.onCancel(() -> {
            callCancellations.forEach(Cancellation::cancel);
            futures.forEach(future -> future.cancel(true));
        });
        try {
            List<Outcome> outcomes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                outcomes.add(await(calls.get(i), futures.get(i), callCancellations.get(i), deadlines[i]));
            }
            return outcomes;
        } finally {
            onRunCancel.close();
        }
    }

    private Outcome await(ToolCall call, Future<Outcome> future, Cancellation callCancellation, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            callCancellation.cancel();
            future.cancel(true);
            return new Outcome(ToolResult.failure("Error: " + call.name() + " did not finish within "
                    + describe(agent.toolTimeout(call.name())) + " and was stopped"), true);
        } catch (CancellationException e) {
            return new Outcome(ToolResult.failure("Error: " + call.name() + " was stopped because the run was cancelled"),
                    false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callCancellation.cancel();
            future.cancel(true);
            return new Outcome(ToolResult.failure("Error: " + call.name() + " was stopped because the run was cancelled"),
                    false);
        } catch (ExecutionException e) {
            // runOne catches everything but fatal errors; those belong to the application.
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            return new Outcome(ToolResult.failure("Error: " + call.name() + " failed: " + e.getCause()), true);
        }
    }

    private Outcome runOne(ToolCall call, Cancellation callCancellation) {
        FunctionTool tool = agent.toolbox.find(call.name()).orElse(null);
        if (tool == null) {
            return new Outcome(ToolResult.failure("Error: there is no tool named '" + call.name()
                    + "'. The tools are: " + String.join(", ", agent.toolbox.names()) + "."), true);
        }
        ToolApprover.Approval approval;
        try {
            approval = agent.approver.review(call);
        } catch (RuntimeException e) {
            approval = ToolApprover.Approval.deny("the approval check failed: " + e.getMessage());
        }
        if (approval == null || !approval.allowed()) {
            String reason = approval == null ? "no decision" : approval.reason();
            return new Outcome(ToolResult.failure("The user denied this call of " + call.name() + ": " + reason
                    + ". Do not repeat it unchanged; change course or ask the user."), false);
        }
        agent.listeners.onToolCallStarted(call);
        long start = System.nanoTime();
        ToolResult result;
        try (Cancellation.Registration onRunCancel = runCancellation.onCancel(callCancellation::cancel)) {
            result = tool.invoke(call.arguments(), new ToolContext(runId, call.id(), callCancellation, agent.listeners));
        } catch (RuntimeException | LinkageError | AssertionError e) {
            result = ToolResult.failure("Error: " + call.name() + " failed with " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        if (result == null) {
            result = ToolResult.failure("Error: " + call.name() + " returned no result");
        }
        agent.listeners.onToolCallFinished(call, result, Duration.ofNanos(System.nanoTime() - start));
        return new Outcome(result, result.error());
    }

    private static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
