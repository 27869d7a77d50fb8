package dev.corvid.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunEvent;
import dev.corvid.agent.RunHandle;
import dev.corvid.agent.RunOutcome;
import dev.corvid.model.AssistantMessage;
import dev.corvid.model.AuthenticationException;
import dev.corvid.model.ModelException;
import dev.corvid.model.ToolCall;
import dev.corvid.model.Usage;
import dev.corvid.openai.OpenAiCompatibleModel;
import dev.corvid.openai.RetryPolicy;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.Reply;
import dev.corvid.testing.ScriptedChatModel;
import dev.corvid.tool.Tool;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TelemetryTest {

    @RegisterExtension
    static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
    static final AttributeKey<List<String>> FINISH_REASONS =
            AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> ORDER_KEY = AttributeKey.stringKey("order.key");

    /** A tool whose own work makes a span, as a JDBC or HTTP instrumentation would. */
    static class Orders {
        private final OpenTelemetry openTelemetry;

        Orders(OpenTelemetry openTelemetry) {
            this.openTelemetry = openTelemetry;
        }

        @Tool
        public String lookup(String key) {
            Span query = openTelemetry.getTracer("orders-db").spanBuilder("SELECT orders")
                    .setAttribute(ORDER_KEY, key).startSpan();
            query.end();
            return "order " + key + " shipped";
        }
    }

    private static Agent agent(ScriptedChatModel model, Telemetry telemetry) {
        return Agent.builder().model(model).tools(new Orders(OTEL.getOpenTelemetry())).listener(telemetry).build();
    }

    private static Telemetry telemetry() {
        return Telemetry.builder(OTEL.getOpenTelemetry()).modelName("scripted-model").provider("test")
                .agentName("orders").build();
    }

    static SpanData span(String name) {
        List<SpanData> named = OTEL.getSpans().stream().filter(span -> span.getName().equals(name)).toList();
        assertEquals(1, named.size(), () -> "one span named " + name + " among " + names());
        return named.get(0);
    }

    static List<SpanData> spans(String name) {
        return OTEL.getSpans().stream().filter(span -> span.getName().equals(name)).toList();
    }

    static List<String> names() {
        return OTEL.getSpans().stream().map(SpanData::getName).toList();
    }

    @Test
    void aRunWithAToolCallBecomesAnAgentSpanOverChatAndToolSpans() {
        ScriptedChatModel model = ScriptedChatModel.builder().callTool("lookup", "{\"key\": \"A1\"}")
                .answer("Order A1 has shipped.").build();
        try (Agent agent = agent(model, telemetry())) {
            assertEquals("Order A1 has shipped.", agent.run("Where is order A1?").output());
        }

        SpanData run = span("invoke_agent orders");
        assertEquals(SpanKind.INTERNAL, run.getKind());
        assertFalse(run.getParentSpanContext().isValid(), "the run is a root span here");
        assertEquals("invoke_agent", run.getAttributes().get(OPERATION));
        assertEquals("orders", run.getAttributes().get(AGENT_NAME));
        assertEquals("test", run.getAttributes().get(PROVIDER));
        assertEquals(20L, run.getAttributes().get(INPUT_TOKENS));
        assertEquals(10L, run.getAttributes().get(OUTPUT_TOKENS));
        assertEquals(StatusCode.UNSET, run.getStatus().getStatusCode());

        List<SpanData> chats = spans("chat scripted-model");
        assertEquals(2, chats.size(), () -> "two model calls among " + names());
        for (SpanData chat : chats) {
            assertEquals(SpanKind.CLIENT, chat.getKind());
            assertEquals(run.getSpanId(), chat.getParentSpanId());
            assertEquals("chat", chat.getAttributes().get(OPERATION));
            assertEquals("test", chat.getAttributes().get(PROVIDER));
            assertEquals("scripted-model", chat.getAttributes().get(REQUEST_MODEL));
            assertEquals("scripted", chat.getAttributes().get(RESPONSE_MODEL));
            assertEquals(10L, chat.getAttributes().get(INPUT_TOKENS));
            assertEquals(5L, chat.getAttributes().get(OUTPUT_TOKENS));
        }
        List<List<String>> reasons = chats.stream().sorted((a, b) -> Long.compare(a.getStartEpochNanos(),
                b.getStartEpochNanos())).map(chat -> chat.getAttributes().get(FINISH_REASONS)).toList();
        assertEquals(List.of(List.of("tool_call"), List.of("stop")), reasons);

        SpanData tool = span("execute_tool lookup");
        assertEquals(SpanKind.INTERNAL, tool.getKind());
        assertEquals(run.getSpanId(), tool.getParentSpanId());
        assertEquals("execute_tool", tool.getAttributes().get(OPERATION));
        assertEquals("lookup", tool.getAttributes().get(TOOL_NAME));
        assertEquals("call_1", tool.getAttributes().get(TOOL_CALL_ID));
        assertEquals(StatusCode.UNSET, tool.getStatus().getStatusCode());
        assertFalse(Span.current().getSpanContext().isValid(), "no span stays current on the caller's thread");
    }

    @Test
    void aToolsOwnSpansNestUnderItsExecuteToolSpanOnEveryThread() {
        // Two calls in one turn: the first runs on a tool thread, the last on the run's own thread.
        ScriptedChatModel model = ScriptedChatModel.builder()
                .callTools(ToolCall.of("call_a", "lookup", "{\"key\": \"A\"}"),
                        ToolCall.of("call_b", "lookup", "{\"key\": \"B\"}"))
                .answer("Both shipped.").build();
        try (Agent agent = agent(model, telemetry())) {
            agent.run("Where are orders A and B?");
        }

        List<SpanData> queries = spans("SELECT orders");
        assertEquals(2, queries.size(), () -> "one query per call among " + names());
        for (SpanData query : queries) {
            String key = query.getAttributes().get(ORDER_KEY);
            SpanData parent = OTEL.getSpans().stream().filter(span -> span.getSpanId().equals(query.getParentSpanId()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the query of " + key + " has no recorded parent"));
            assertEquals("execute_tool lookup", parent.getName());
            assertEquals("call_" + key.toLowerCase(), parent.getAttributes().get(TOOL_CALL_ID),
                    "each query nests under its own call's span");
            assertEquals(span("invoke_agent orders").getSpanId(), parent.getParentSpanId());
            assertEquals(parent.getTraceId(), query.getTraceId());
        }
        assertFalse(Span.current().getSpanContext().isValid(), "no span stays current on the caller's thread");
    }

    @Test
    void theRunNestsUnderTheApplicationsCurrentSpan() {
        ScriptedChatModel model = ScriptedChatModel.builder().answer("Hello.").build();
        Span request = OTEL.getOpenTelemetry().getTracer("app").spanBuilder("GET /chat").startSpan();
        try (Agent agent = agent(model, telemetry()); var scope = request.makeCurrent()) {
            agent.run("Hi");
        } finally {
            request.end();
        }
        assertEquals(span("GET /chat").getSpanId(), span("invoke_agent orders").getParentSpanId());
    }

    @Test
    void aCallToAToolTheAgentLacksGetsAFailedExecuteToolSpan() {
        ScriptedChatModel model = ScriptedChatModel.builder().callTool("refund", "{}").answer("I cannot refund.")
                .build();
        try (Agent agent = agent(model, telemetry())) {
            agent.run("Refund order A1");
        }
        SpanData tool = span("execute_tool refund");
        assertEquals(span("invoke_agent orders").getSpanId(), tool.getParentSpanId());
        assertEquals(StatusCode.ERROR, tool.getStatus().getStatusCode());
        assertEquals("unknown_tool", tool.getAttributes().get(ERROR_TYPE));
        assertEquals("call_1", tool.getAttributes().get(TOOL_CALL_ID));
    }

    @Test
    void aRunThatEndsWithoutAnAnswerCarriesItsOutcomeAsErrorType() {
        ScriptedChatModel model = ScriptedChatModel.builder().callTool("lookup", "{\"key\": \"A1\"}").build();
        try (Agent agent = Agent.builder().model(model).tools(new Orders(OTEL.getOpenTelemetry())).maxTurns(1)
                .listener(telemetry()).build()) {
            assertEquals(RunOutcome.TURN_LIMIT, agent.run("Where is A1?").outcome());
        }
        SpanData run = span("invoke_agent orders");
        assertEquals(StatusCode.ERROR, run.getStatus().getStatusCode());
        assertEquals("turn_limit", run.getAttributes().get(ERROR_TYPE));
    }

    @Test
    void aRunCancelledDuringAModelCallEndsBothSpansAsCancelled() throws Exception {
        ScriptedChatModel model = ScriptedChatModel.builder().answer("too late").delay(Duration.ofSeconds(30)).build();
        CountDownLatch asked = new CountDownLatch(1);
        try (Agent agent = agent(model, telemetry())) {
            RunHandle<String> handle = agent.runAsync("Hi", event -> {
                if (event instanceof RunEvent.RequestSent) {
                    asked.countDown();
                }
            });
            assertTrue(asked.await(10, TimeUnit.SECONDS), "the request was sent");
            handle.cancel();
            assertEquals(RunOutcome.CANCELLED, handle.result().get(10, TimeUnit.SECONDS).outcome());
        }
        SpanData chat = span("chat scripted-model");
        assertEquals("cancelled", chat.getAttributes().get(ERROR_TYPE));
        assertEquals(StatusCode.ERROR, chat.getStatus().getStatusCode());
        SpanData run = span("invoke_agent orders");
        assertEquals(run.getSpanId(), chat.getParentSpanId());
        assertEquals("cancelled", run.getAttributes().get(ERROR_TYPE));
    }

    @Test
    void anOpenAiCompatibleModelTellsModelProviderAndServer() {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            server.enqueue(Reply.completion(AssistantMessage.of("Hello."), Usage.of(12, 7)));
            OpenAiCompatibleModel model = OpenAiCompatibleModel.builder().baseUrl(server.baseUrl())
                    .model("test-model").build();
            try (model; Agent agent = Agent.builder().model(model)
                    .listener(Telemetry.of(OTEL.getOpenTelemetry(), model)).build()) {
                agent.run("Hi");
            }
            int port = java.net.URI.create(server.baseUrl()).getPort();

            SpanData run = span("invoke_agent");
            assertNull(run.getAttributes().get(AGENT_NAME), "no name was given");
            assertEquals("openai", run.getAttributes().get(PROVIDER));
            SpanData chat = span("chat test-model");
            assertEquals(SpanKind.CLIENT, chat.getKind());
            assertEquals(run.getSpanId(), chat.getParentSpanId());
            assertEquals("openai", chat.getAttributes().get(PROVIDER));
            assertEquals("test-model", chat.getAttributes().get(REQUEST_MODEL));
            assertEquals("fake-model", chat.getAttributes().get(RESPONSE_MODEL));
            assertEquals("chatcmpl-fake", chat.getAttributes().get(RESPONSE_ID));
            assertEquals("127.0.0.1", chat.getAttributes().get(SERVER_ADDRESS));
            assertEquals((long) port, chat.getAttributes().get(SERVER_PORT));
            assertEquals(12L, chat.getAttributes().get(INPUT_TOKENS));
            assertEquals(7L, chat.getAttributes().get(OUTPUT_TOKENS));
            assertEquals(List.of("stop"), chat.getAttributes().get(FINISH_REASONS));
        }
    }

    @Test
    void aFailedModelCallEndsTheChatAndTheRunSpanWithItsErrorType() {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            server.enqueue(Reply.json(401, "{\"error\":{\"message\":\"Incorrect API key provided\","
                    + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
            OpenAiCompatibleModel model = OpenAiCompatibleModel.builder().baseUrl(server.baseUrl())
                    .model("test-model").retryPolicy(RetryPolicy.NONE).build();
            try (model; Agent agent = Agent.builder().model(model)
                    .listener(Telemetry.builder(OTEL.getOpenTelemetry()).model(model).agentName("support").build())
                    .build()) {
                ModelException failure = assertThrows(ModelException.class, () -> agent.run("Hi"));
                assertTrue(failure instanceof AuthenticationException, failure.toString());
            }
        }
        String errorType = AuthenticationException.class.getName();
        SpanData chat = span("chat test-model");
        assertTrue(chat.hasEnded());
        assertEquals(StatusCode.ERROR, chat.getStatus().getStatusCode());
        assertEquals(errorType, chat.getAttributes().get(ERROR_TYPE));
        assertEquals(401L, chat.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        assertTrue(chat.getEvents().stream().anyMatch(event -> event.getName().equals("exception")),
                "the failure is recorded as an exception event");
        SpanData run = span("invoke_agent support");
        assertTrue(run.hasEnded(), "the run's span ends although the run threw");
        assertEquals(run.getSpanId(), chat.getParentSpanId());
        assertEquals(StatusCode.ERROR, run.getStatus().getStatusCode());
        assertEquals(errorType, run.getAttributes().get(ERROR_TYPE));
        assertFalse(Span.current().getSpanContext().isValid(), "no span stays current on the caller's thread");
    }

    @Test
    void aModelThatThrowsSomethingElseEndsItsCallAndItsRunWithTheExceptionsType() {
        // The scripted model throws IllegalStateException on a second request: the run ends with RunFailed.
        Telemetry telemetry = telemetry();
        ScriptedChatModel model = ScriptedChatModel.builder().answer("Once.").build();
        try (Agent agent = agent(model, telemetry)) {
            agent.run("first");
            assertThrows(IllegalStateException.class, () -> agent.run("second"));
        }
        List<SpanData> runs = spans("invoke_agent orders");
        assertEquals(2, runs.size(), () -> "both runs ended among " + names());
        SpanData failedRun = runs.get(1);
        assertEquals("java.lang.IllegalStateException", failedRun.getAttributes().get(ERROR_TYPE));
        assertEquals(StatusCode.ERROR, failedRun.getStatus().getStatusCode());
        List<SpanData> failedCalls = spans("chat scripted-model").stream()
                .filter(chat -> "java.lang.IllegalStateException".equals(chat.getAttributes().get(ERROR_TYPE))).toList();
        assertEquals(1, failedCalls.size(), "the failed model call ended with the run");
        assertEquals(failedRun.getSpanId(), failedCalls.get(0).getParentSpanId());
        assertFalse(Span.current().getSpanContext().isValid(), "no span stays current on the caller's thread");
    }

    @Test
    void aTooLongRequestThatIsCompactedAndRetriedFailsItsChatSpanButNotTheRun() {
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        ScriptedChatModel model = ScriptedChatModel.builder()
                .callTool("lookup", "{\"key\": \"A1\"}")
                .reply(request -> {
                    requests.incrementAndGet();
                    throw new dev.corvid.model.ContextLengthExceededException("too long", 400,
                            "context_length_exceeded", "maximum context length is 1000 tokens", null, 1000);
                })
                .answer("Summary: the user wants order A1.")
                .answer("Order A1 has shipped.")
                .build();
        try (Agent agent = agent(model, telemetry())) {
            assertEquals("Order A1 has shipped.", agent.run("Where is order A1?").output());
        }
        SpanData run = span("invoke_agent orders");
        assertEquals(StatusCode.UNSET, run.getStatus().getStatusCode(), "the run recovered and answered");
        List<SpanData> chats = spans("chat scripted-model");
        assertEquals(4, chats.size(), () -> "the call, the rejected call, the summary and the answer among " + names());
        assertEquals(1, requests.get());
        assertEquals(1, chats.stream().filter(chat -> chat.getStatus().getStatusCode() == StatusCode.ERROR).count());
        assertTrue(chats.stream().allMatch(chat -> chat.getParentSpanId().equals(run.getSpanId())));
    }

    /** A tool that hands its question to another agent, as a sub-agent. */
    static class Delegate {
        private final Agent helper;

        Delegate(Agent helper) {
            this.helper = helper;
        }

        @Tool
        public String ask(String question) {
            return helper.run(question).output();
        }
    }

    @Test
    void anAgentRunByAToolNestsUnderThatToolsSpan() {
        Telemetry helperTelemetry = Telemetry.builder(OTEL.getOpenTelemetry()).agentName("helper").build();
        try (Agent helper = Agent.builder().model(ScriptedChatModel.builder().answer("42").build())
                .listener(helperTelemetry).build();
             Agent lead = Agent.builder().model(ScriptedChatModel.builder().callTool("ask", "{\"question\": \"?\"}")
                     .answer("The helper says 42.").build()).tools(new Delegate(helper)).listener(telemetry())
                     .build()) {
            assertEquals("The helper says 42.", lead.run("Ask the helper").output());
        }
        SpanData ask = span("execute_tool ask");
        SpanData helperRun = span("invoke_agent helper");
        assertEquals(ask.getSpanId(), helperRun.getParentSpanId());
        assertEquals(span("invoke_agent orders").getTraceId(), helperRun.getTraceId());
        assertEquals(helperRun.getSpanId(), span("chat").getParentSpanId());
    }

    @Test
    void blankNamesAreRefusedWithAMessage() {
        Telemetry.Builder builder = Telemetry.builder(OpenTelemetry.noop());
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> builder.agentName(" "));
        assertTrue(blank.getMessage().contains("agentName"), blank.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Telemetry.builder(null));
        assertTrue(none.getMessage().contains("OpenTelemetry.noop()"), none.getMessage());
    }
}
