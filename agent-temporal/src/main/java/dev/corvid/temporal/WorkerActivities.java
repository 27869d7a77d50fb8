package dev.corvid.temporal;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunEvent;
import dev.corvid.agent.RunListener;
import dev.corvid.agent.ToolApprover;
import dev.corvid.model.Cancellation;
import dev.corvid.model.ContextLengthExceededException;
import dev.corvid.model.ModelException;
import dev.corvid.model.ModelRequest;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.RateLimitException;
import dev.corvid.model.StreamListener;
import dev.corvid.model.ToolCall;
import dev.corvid.tool.FunctionTool;
import dev.corvid.tool.ToolContext;
import dev.corvid.tool.ToolResult;
import dev.corvid.tool.Toolbox;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.ActivityWorkerShutdownException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The activities of durable runs on one worker: the agent's model, tools and approver, each call watched
 * by a heartbeat that tells Temporal the worker lives and tells the call when the run was cancelled.
 */
final class WorkerActivities implements RunActivities {

    /** Nothing of a durable run listens on the worker: its events are the workflow's. */
    private static final RunListener SILENT = event -> { };
    private static final ScheduledExecutorService BEATS = Executors.newScheduledThreadPool(1, runnable -> {
        Thread thread = new Thread(runnable, "corvid-temporal-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    private final Agent agent;
    private final DurableOptions options;

    WorkerActivities(Agent agent, DurableOptions options) {
        this.agent = agent;
        this.options = options;
    }

    @Override
    public ModelResponse complete(ModelCall call) {
        Cancellation cancellation = new Cancellation();
        ModelRequest request = new ModelRequest(call.messages(), AgentAccess.tools(agent).definitions(),
                call.settings(), StreamListener.NONE, cancellation);
        try (Watch watch = new Watch(cancellation, Thread.currentThread())) {
            ModelResponse response;
            try {
                response = agent.model().complete(request);
            } catch (ModelException failure) {
                throw watch.stopping() ? watch.stoppedFailure() : modelFailure(failure);
            }
            if (watch.stopping()) {
                throw watch.stoppedFailure();
            }
            return response;
        }
    }

    /** Maps a model failure to Temporal's retry rules. */
    static ApplicationFailure modelFailure(ModelException failure) {
        int status = failure.status();
        boolean clientError = status >= 400 && status < 500 && status != 408 && status != 409 && status != 429;
        boolean retryable = failure.isRetryable() && !clientError;
        ApplicationFailure.Builder mapped = ApplicationFailure.newBuilder()
                .setType(failure.getClass().getSimpleName())
                .setMessage(failure.getMessage())
                .setNonRetryable(!retryable)
                .setDetails(new ModelFailure(status, failure.providerCode(), failure.providerMessage(),
                        failure.requestId(), failure.isRetryable(),
                        failure instanceof ContextLengthExceededException tooLong ? tooLong.limit().orElse(0) : 0));
        if (failure instanceof RateLimitException limited && limited.retryAfter() != null && retryable) {
            mapped.setNextRetryDelay(limited.retryAfter());
        }
        return mapped.build();
    }

    @Override
    public ToolResult call(String runId, ToolCall call) {
        Toolbox tools = AgentAccess.tools(agent);
        FunctionTool tool = tools.find(call.name()).orElse(null);
        if (tool == null) {
            return ToolResult.failure("Error: there is no tool named '" + call.name() + "'. The tools are: "
                    + String.join(", ", tools.names()) + ". Call again with one of these names.");
        }
        Duration timeout = AgentAccess.toolTimeout(agent, call.name());
        Cancellation cancellation = new Cancellation();
        boolean[] timedOut = {false};
        Thread self = Thread.currentThread();
        ScheduledFuture<?> deadline = BEATS.schedule(() -> {
            timedOut[0] = true;
            cancellation.cancel();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        ToolResult result;
        try (Watch watch = new Watch(cancellation, self)) {
            try {
                result = tool.invoke(call.arguments(), new ToolContext(runId, call.id(), cancellation, SILENT));
            } catch (RuntimeException | LinkageError | AssertionError e) {
                result = ToolResult.failure("Error: " + call.name() + " failed with " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
            if (watch.stopping()) {
                // The worker stops under the tool: the call is tried again elsewhere, not reported as stopped.
                throw watch.stoppedFailure();
            }
            if (result == null) {
                result = ToolResult.failure("Error: " + call.name() + " returned no result");
            }
            if (timedOut[0]) {
                result = ToolResult.failure("Error: " + call.name() + " did not finish within " + describe(timeout)
                        + " and was stopped");
            } else if (watch.cancelled()) {
                result = ToolResult.failure("Error: " + call.name() + " was stopped because the run was cancelled");
            }
        } finally {
            deadline.cancel(false);
            Thread.interrupted();
        }
        return new ToolResult(ResultLimit.cap(result.content(), options.maxResultChars()), result.error());
    }

    @Override
    public Review review(ToolCall call) {
        FunctionTool tool = AgentAccess.tools(agent).find(call.name()).orElse(null);
        if (tool == null) {
            // Nothing would run: the call fails as unknown, with no person troubled.
            return new Review(true, null, false, null);
        }
        String preview;
        try {
            preview = tool.preview(call.arguments());
        } catch (RuntimeException e) {
            preview = null;
        }
        ToolApprover.Approval approval;
        try {
            approval = AgentAccess.approver(agent).review(call);
        } catch (RuntimeException e) {
            approval = ToolApprover.Approval.deny("the approval check failed: " + e.getMessage());
        }
        if (approval == null) {
            approval = ToolApprover.Approval.deny("the approver gave no decision");
        }
        return new Review(approval.allowed(), approval.reason(), approval.deferred(), preview);
    }

    private static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /**
     * The heartbeat of one activity: beats at a third of the heartbeat timeout, and cancels the call (and
     * interrupts its thread) when Temporal says the run was cancelled or the worker is stopping.
     */
    private final class Watch implements AutoCloseable {
        private final ActivityExecutionContext context = Activity.getExecutionContext();
        private final Cancellation cancellation;
        private final Thread caller;
        private final Object guard = new Object();
        private final ScheduledFuture<?> beats;
        private boolean running = true;
        private volatile boolean cancelled;
        private volatile boolean stopping;

        Watch(Cancellation cancellation, Thread caller) {
            this.cancellation = cancellation;
            this.caller = caller;
            long period = Math.max(1000, options.heartbeatTimeout().toMillis() / 3);
            this.beats = BEATS.scheduleAtFixedRate(this::beat, 0, period, TimeUnit.MILLISECONDS);
        }

        private void beat() {
            try {
                context.heartbeat(null);
            } catch (ActivityCanceledException e) {
                cancelled = true;
                stop();
            } catch (ActivityWorkerShutdownException e) {
                stopping = true;
                stop();
            } catch (RuntimeException e) {
                // The activity is over or the service is unreachable: Temporal's timeouts decide.
            }
        }

        private void stop() {
            beats.cancel(false);
            cancellation.cancel();
            synchronized (guard) {
                if (running) {
                    caller.interrupt();
                }
            }
        }

        boolean cancelled() {
            return cancelled;
        }

        boolean stopping() {
            if (!stopping && !cancelled) {
                beat(); // a last look, so that a worker stopping under a quick call is not missed
            }
            return stopping;
        }

        ApplicationFailure stoppedFailure() {
            return ApplicationFailure.newFailure("the worker stopped during the call; it is tried again on another",
                    "WorkerStopped");
        }

        @Override
        public void close() {
            beats.cancel(false);
            synchronized (guard) {
                running = false;
            }
            Thread.interrupted(); // an interrupt of ours was for this call alone
        }
    }
}
