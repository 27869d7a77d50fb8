package dev.corvid.otel;

import static dev.corvid.otel.GenAi.*;

import dev.corvid.agent.RunEvent;
import dev.corvid.agent.RunOutcome;
import dev.corvid.agent.RunResult;
import dev.corvid.model.ModelException;
import dev.corvid.model.ModelRequest;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ModelSettings;
import dev.corvid.model.ToolCall;
import dev.corvid.model.Usage;
import dev.corvid.tool.ToolResult;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns run events into spans and measurements. Thread-safe: the runs it follows are kept by id, and the
 * spans it made current are kept per thread, because a span's scope must close on the thread that opened
 * it, in the reverse order of opening.
 */
final class RunRecorder {

    /** A run's {@code invoke_agent} span and the context its children start from. */
    private record RunSpan(Span span, Context context) {
    }

    /** A span made current on this thread: a model call (callId null) or a tool call. */
    private record Open(String runId, String callId, Span span, Scope scope, long startNanos) {

        boolean isChat() {
            return callId == null;
        }

        boolean matches(String run, String call) {
            return runId.equals(run) && (call == null ? callId == null : call.equals(callId));
        }
    }

    private final Tracer tracer;
    private final LongHistogram tokenUsage;
    private final DoubleHistogram operationDuration;
    private final ModelTarget target;
    private final String agentName;
    private final boolean recordContent;
    /** The attributes every model call's span and measurements carry; fixed by the target. */
    private final Attributes chatAttributes;
    private final Map<String, RunSpan> runs = new ConcurrentHashMap<>();
    private final ThreadLocal<Deque<Open>> opened = ThreadLocal.withInitial(ArrayDeque::new);

    RunRecorder(OpenTelemetry openTelemetry, ModelTarget target, String agentName, boolean recordContent) {
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION);
        Meter meter = openTelemetry.getMeter(INSTRUMENTATION);
        this.tokenUsage = meter.histogramBuilder(TOKEN_USAGE).ofLongs().setUnit("{token}")
                .setDescription("Number of input and output tokens used.")
                .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS).build();
        this.operationDuration = meter.histogramBuilder(OPERATION_DURATION).setUnit("s")
                .setDescription("GenAI operation duration.")
                .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
        this.target = target;
        this.agentName = agentName;
        this.recordContent = recordContent;
        AttributesBuilder chat = Attributes.builder().put(OPERATION_NAME, CHAT)
                .put(PROVIDER_NAME, target.providerName());
        if (target.requestModel() != null) {
            chat.put(REQUEST_MODEL, target.requestModel());
        }
        if (target.serverAddress() != null) {
            chat.put(SERVER_ADDRESS, target.serverAddress());
            chat.put(SERVER_PORT, target.serverPort().longValue());
        }
        this.chatAttributes = chat.build();
    }

    void record(RunEvent event) {
        if (event instanceof RunEvent.RunStarted started) {
            runStarted(started.runId());
        } else if (event instanceof RunEvent.RequestSent sent) {
            requestSent(sent.runId(), sent.request());
        } else if (event instanceof RunEvent.TurnFinished finished) {
            turnFinished(finished.runId(), finished.response());
        } else if (event instanceof RunEvent.RequestFailed failed) {
            requestFailed(failed.runId(), failed.failure());
        } else if (event instanceof RunEvent.ToolCallStarted started) {
            toolStarted(started.runId(), started.call());
        } else if (event instanceof RunEvent.ToolCallFinished finished) {
            toolEnded(finished.runId(), finished.call(), finished.result(), finished.duration(), false);
        } else if (event instanceof RunEvent.ToolCallFailed failed) {
            toolEnded(failed.runId(), failed.call(), failed.result(), failed.duration(), true);
        } else if (event instanceof RunEvent.RunFinished finished) {
            runFinished(finished.runId(), finished.result());
        } else if (event instanceof RunEvent.RunFailed failed) {
            runFailed(failed.runId(), failed.failure());
        }
    }

    private void runStarted(String runId) {
        closeAbandonedModelCalls(runId);
        // The run's parent is whatever the application made current on the thread that runs it.
        Context parent = Context.current();
        SpanBuilder builder = tracer.spanBuilder(agentName == null ? INVOKE_AGENT : INVOKE_AGENT + " " + agentName)
                .setSpanKind(SpanKind.INTERNAL).setParent(parent)
                .setAttribute(OPERATION_NAME, INVOKE_AGENT)
                .setAttribute(PROVIDER_NAME, target.providerName());
        if (agentName != null) {
            builder.setAttribute(AGENT_NAME, agentName);
        }
        if (target.requestModel() != null) {
            builder.setAttribute(REQUEST_MODEL, target.requestModel());
        }
        Span span = builder.startSpan();
        RunSpan earlier = runs.put(runId, new RunSpan(span, parent.with(span)));
        if (earlier != null) {
            fail(earlier.span(), OTHER_ERROR, "the run was started again before it ended");
        }
    }

    private void requestSent(String runId, ModelRequest request) {
        closeAbandonedModelCalls(runId);
        String name = target.requestModel() == null ? CHAT : CHAT + " " + target.requestModel();
        SpanBuilder builder = tracer.spanBuilder(name)
                .setSpanKind(SpanKind.CLIENT).setParent(parentOf(runId))
                .setAllAttributes(chatAttributes);
        ModelSettings settings = request.settings();
        if (settings.temperature() != null) {
            builder.setAttribute(REQUEST_TEMPERATURE, settings.temperature());
        }
        if (settings.topP() != null) {
            builder.setAttribute(REQUEST_TOP_P, settings.topP());
        }
        if (settings.maxTokens() != null) {
            builder.setAttribute(REQUEST_MAX_TOKENS, settings.maxTokens().longValue());
        }
        if (settings.seed() != null) {
            builder.setAttribute(REQUEST_SEED, settings.seed());
        }
        if (!settings.stop().isEmpty()) {
            builder.setAttribute(REQUEST_STOP_SEQUENCES, settings.stop());
        }
        if (recordContent) {
            builder.setAttribute(INPUT_MESSAGES, Content.input(request.messages()));
        }
        open(runId, null, builder.startSpan());
    }

    private void turnFinished(String runId, ModelResponse response) {
        Open chat = take(runId, null);
        if (chat == null) {
            return;
        }
        Span span = chat.span();
        if (response.model() != null) {
            span.setAttribute(RESPONSE_MODEL, response.model());
        }
        if (response.id() != null) {
            span.setAttribute(RESPONSE_ID, response.id());
        }
        span.setAttribute(RESPONSE_FINISH_REASONS, List.of(finishReason(response.finishReason())));
        Usage usage = response.usage();
        setTokens(span, usage);
        if (usage.cachedTokens() != null) {
            span.setAttribute(USAGE_CACHE_READ_TOKENS, usage.cachedTokens());
        }
        if (usage.cacheWriteTokens() != null) {
            span.setAttribute(USAGE_CACHE_CREATION_TOKENS, usage.cacheWriteTokens());
        }
        if (usage.reasoningTokens() != null) {
            span.setAttribute(USAGE_REASONING_TOKENS, usage.reasoningTokens());
        }
        if (recordContent) {
            span.setAttribute(OUTPUT_MESSAGES, Content.output(response.message(), response.finishReason()));
        }
        close(chat);
        Attributes call = response.model() == null ? chatAttributes
                : chatAttributes.toBuilder().put(RESPONSE_MODEL, response.model()).build();
        operationDuration.record(seconds(chat), call);
        // The conventions count tokens only when the provider reported them.
        if (usage.promptTokens() != null) {
            tokenUsage.record(usage.promptTokens(), call.toBuilder().put(TOKEN_TYPE, "input").build());
        }
        if (usage.completionTokens() != null) {
            tokenUsage.record(usage.completionTokens(), call.toBuilder().put(TOKEN_TYPE, "output").build());
        }
    }

    private void requestFailed(String runId, ModelException failure) {
        // The documented error types are the class names of dev.corvid.model's ModelException subtypes.
        String errorType = failure.getClass().getName();
        Open chat = take(runId, null);
        if (chat != null) {
            if (failure.status() > 0) {
                chat.span().setAttribute(HTTP_STATUS, (long) failure.status());
            }
            chat.span().recordException(failure);
            fail(chat.span(), errorType, failure.getMessage());
            chat.scope().close();
            operationDuration.record(seconds(chat), failedChat(errorType));
        }
        // The run may go on (a too-long request is compacted and retried); if it throws, RunFailed ends its span.
    }

    /** Ends what is still open of a run that threw: after a model failure, the run's span is closed already. */
    private void runFailed(String runId, RuntimeException failure) {
        String errorType = failure.getClass().getName();
        Open chat = take(runId, null);
        if (chat != null) {
            chat.span().recordException(failure);
            fail(chat.span(), errorType, failure.getMessage());
            chat.scope().close();
        }
        RunSpan run = runs.remove(runId);
        if (run != null) {
            fail(run.span(), errorType, failure.getMessage());
        }
    }

    private void toolStarted(String runId, ToolCall call) {
        SpanBuilder builder = toolSpan(runId, call);
        if (recordContent) {
            builder.setAttribute(TOOL_CALL_ARGUMENTS, Content.arguments(call.arguments()));
        }
        open(runId, call.id(), builder.startSpan());
    }

    private void toolEnded(String runId, ToolCall call, ToolResult result, Duration duration, boolean failed) {
        Open tool = take(runId, call.id());
        Span span;
        if (tool == null) {
            // A call to a tool the agent lacks never starts; its span covers the time spent finding that out.
            span = toolSpan(runId, call).setStartTimestamp(Instant.now().minus(duration)).startSpan();
            if (recordContent) {
                span.setAttribute(TOOL_CALL_ARGUMENTS, Content.arguments(call.arguments()));
            }
        } else {
            span = tool.span();
            tool.scope().close();
        }
        if (failed) {
            // What the tool said may hold the application's data: it is content, recorded only on opt-in.
            fail(span, tool == null ? UNKNOWN_TOOL : OTHER_ERROR, recordContent ? result.content() : null);
        } else {
            if (recordContent) {
                span.setAttribute(TOOL_CALL_RESULT, Content.arguments(result.content()));
            }
            span.end();
        }
    }

    private void runFinished(String runId, RunResult<?> result) {
        // A model call cut short by a cancellation or the run's timeout hears no end of its own.
        Open chat = take(runId, null);
        String errorType = result.isAnswered() ? null : lowerCase(result.outcome());
        if (chat != null) {
            String type = errorType == null ? OTHER_ERROR : errorType;
            fail(chat.span(), type, result.detail());
            chat.scope().close();
            operationDuration.record(seconds(chat), failedChat(type));
        }
        RunSpan run = runs.remove(runId);
        if (run == null) {
            return;
        }
        setTokens(run.span(), result.usage());
        if (result.outcome() == RunOutcome.ANSWERED) {
            run.span().end();
        } else {
            fail(run.span(), errorType, result.detail());
        }
    }

    private SpanBuilder toolSpan(String runId, ToolCall call) {
        return tracer.spanBuilder(EXECUTE_TOOL + " " + call.name()).setSpanKind(SpanKind.INTERNAL)
                .setParent(parentOf(runId))
                .setAttribute(OPERATION_NAME, EXECUTE_TOOL)
                .setAttribute(TOOL_NAME, call.name())
                .setAttribute(TOOL_CALL_ID, call.id())
                .setAttribute(TOOL_TYPE, "function");
    }

    private Attributes failedChat(String errorType) {
        return chatAttributes.toBuilder().put(ERROR_TYPE, errorType).build();
    }

    private Context parentOf(String runId) {
        RunSpan run = runs.get(runId);
        return run != null ? run.context() : Context.current();
    }

    private void open(String runId, String callId, Span span) {
        Scope scope = Context.current().with(span).makeCurrent();
        opened.get().push(new Open(runId, callId, span, scope, System.nanoTime()));
    }

    /**
     * Takes this thread's open span of a run's model call (callId null) or tool call; spans opened after it
     * and never closed are failed and closed first, so that scopes close in the reverse order of opening.
     */
    private Open take(String runId, String callId) {
        Deque<Open> stack = opened.get();
        boolean present = false;
        for (Iterator<Open> it = stack.iterator(); it.hasNext() && !present; ) {
            present = it.next().matches(runId, callId);
        }
        if (!present) {
            return null;
        }
        Open top = stack.pop();
        while (!top.matches(runId, callId)) {
            abandon(top);
            top = stack.pop();
        }
        return top;
    }

    /**
     * Closes the model calls left open on this thread by a run that threw without telling (its model failed
     * with something other than a {@link ModelException}): they must not stay the thread's current context.
     */
    private void closeAbandonedModelCalls(String runId) {
        Deque<Open> stack = opened.get();
        while (!stack.isEmpty() && stack.peek().isChat()) {
            Open chat = stack.pop();
            abandon(chat);
            if (!chat.runId().equals(runId)) {
                RunSpan run = runs.remove(chat.runId());
                if (run != null) {
                    fail(run.span(), OTHER_ERROR, "the run ended without a result");
                }
            }
        }
    }

    private void abandon(Open open) {
        open.scope().close();
        fail(open.span(), OTHER_ERROR, "ended without a result");
        if (open.isChat()) {
            operationDuration.record(seconds(open), failedChat(OTHER_ERROR));
        }
    }

    private static void close(Open open) {
        open.scope().close();
        open.span().end();
    }

    private static void fail(Span span, String errorType, String description) {
        span.setAttribute(ERROR_TYPE, errorType);
        if (description == null) {
            span.setStatus(StatusCode.ERROR);
        } else {
            span.setStatus(StatusCode.ERROR, description);
        }
        span.end();
    }

    private static void setTokens(Span span, Usage usage) {
        if (usage.promptTokens() != null) {
            span.setAttribute(USAGE_INPUT_TOKENS, usage.promptTokens());
        }
        if (usage.completionTokens() != null) {
            span.setAttribute(USAGE_OUTPUT_TOKENS, usage.completionTokens());
        }
    }

    private static double seconds(Open open) {
        return (System.nanoTime() - open.startNanos()) / 1e9;
    }
}
