package dev.corvid.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ContextLengthExceededException;
import dev.corvid.model.Message;
import dev.corvid.model.ModelRequest;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ToolCall;
import dev.corvid.model.ToolMessage;
import dev.corvid.openai.OpenAiCompatibleModel;
import dev.corvid.openai.RetryPolicy;
import dev.corvid.testing.FakeOpenAiServer;
import dev.corvid.testing.RecordedRequest;
import dev.corvid.testing.Reply;
import dev.corvid.testing.ScriptedChatModel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Requests a provider rejects as too long: recognised, compacted and sent again. */
class TooLongRequestTest {

    static Stream<Arguments> rejections() {
        return Stream.of(
                Arguments.of("OpenAI", "{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens. "
                        + "However, your messages resulted in 130512 tokens.\",\"type\":\"invalid_request_error\","
                        + "\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}", 128_000),
                Arguments.of("OpenAI without a limit", "{\"error\":{\"message\":\"Input too long.\",\"code\":"
                        + "\"context_length_exceeded\"}}", 0),
                Arguments.of("vLLM", "{\"object\":\"error\",\"message\":\"This model's maximum context length is 32768 "
                        + "tokens. However, you requested 33800 tokens (31752 in the messages, 2048 in the completion).\","
                        + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}", 32_768),
                Arguments.of("DashScope", "{\"error\":{\"code\":\"invalid_parameter_error\",\"message\":\"<400> "
                        + "InternalError.Algo.InvalidParameter: Range of input length should be [1, 129024]\","
                        + "\"type\":\"invalid_request_error\"},\"request_id\":\"d-1\"}", 129_024),
                Arguments.of("router", "{\"error\":{\"message\":\"This endpoint's maximum context length is 131072 "
                        + "tokens. However, you requested about 140211 tokens.\",\"code\":400}}", 131_072));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void eachProvidersTooLongRejectionIsCompactedAndSentAgain(String provider, String body, int limit) {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            server.enqueue(Reply.completion(AssistantMessage.ofToolCalls(List.of(
                    ToolCall.of("call_f1", "read", "{\"path\":\"f1\"}")))));
            server.enqueue(Reply.json(400, body));
            server.enqueue(Reply.completion(AssistantMessage.of("Goal: read f1. Done: read through f1.")));
            server.enqueue(Reply.completion(AssistantMessage.of("f1 holds x.")));
            List<RunEvent> events = new CopyOnWriteArrayList<>();
            RunResult<String> result;
            try (OpenAiCompatibleModel model = OpenAiCompatibleModel.builder().baseUrl(server.baseUrl()).apiKey("sk-t-1")
                    .model("some-model").stream(false).retryPolicy(RetryPolicy.NONE).build()) {
                result = Agent.builder().model(model).instructions("You read files.")
                        .tools(new ContextCompactionTest.Files()).listener(events::add).build()
                        .run(ContextCompactionTest.TASK);
            }
            assertEquals("f1 holds x.", result.output());
            List<RecordedRequest> requests = server.requests();
            assertEquals(4, requests.size());
            var summarising = requests.get(2).json().path("messages");
            assertEquals(ContextWindow.SUMMARY_REQUEST, summarising.get(summarising.size() - 1).path("content").asString());
            assertEquals(requests.get(1).json().path("tools"), requests.get(2).json().path("tools"));
            var retried = requests.get(3).json().path("messages");
            assertEquals("You read files.", retried.get(0).path("content").asString());
            assertEquals(ContextCompactionTest.TASK, retried.get(1).path("content").asString());
            assertTrue(retried.get(2).path("content").asString().contains("Done: read through f1."), retried.toString());
            assertEquals(limit == 0 ? null : limit, result.state().context().learnedLimit());
            RunEvent.RequestFailed failed = events.stream().filter(RunEvent.RequestFailed.class::isInstance)
                    .map(RunEvent.RequestFailed.class::cast).findFirst().orElseThrow();
            ContextLengthExceededException tooLong = assertInstanceOf(ContextLengthExceededException.class, failed.failure());
            assertEquals(limit == 0 ? -1 : limit, tooLong.limit().orElse(-1));
            assertTrue(events.stream().anyMatch(event -> event instanceof RunEvent.Compacted compacted
                    && compacted.how() == RunEvent.Compacted.How.SUMMARY), provider + " ends in a summary");
            assertEquals(3, result.perTurn().size(), "the rejected request is no turn; the summary is");
        }
    }

    @Test
    void aLimitLearnedFromARejectionTightensTheBudgetForTheRestOfTheRun() {
        AtomicInteger rejections = new AtomicInteger();
        AtomicInteger ordinary = new AtomicInteger();
        Function<ModelRequest, ModelResponse> reader = ContextCompactionTest.reader(4);
        ScriptedChatModel model = ScriptedChatModel.answering(request -> {
            if (!ContextCompactionTest.summarising(request) && ordinary.incrementAndGet() == 2) {
                rejections.incrementAndGet();
                throw new ContextLengthExceededException("provider error 400", 400, null,
                        "This model's maximum context length is 2000 tokens", null, 2_000);
            }
            return reader.apply(request);
        });
        List<RunEvent> events = new CopyOnWriteArrayList<>();
        // No window is set and the model reports none: only the rejection tells it.
        RunResult<String> result = Agent.builder().model(model).tools(new ContextCompactionTest.Files())
                .listener(events::add).build().run(ContextCompactionTest.TASK);
        assertEquals("All 4 files hold x.", result.output());
        assertEquals(1, rejections.get());
        assertEquals(2_000, result.state().context().learnedLimit());
        long summaries = model.requests().stream().filter(ContextCompactionTest::summarising).count();
        assertTrue(summaries >= 2, "after the one rejection, later requests were compacted before they were sent: "
                + summaries);
        for (ModelRequest request : model.requests()) {
            if (!ContextCompactionTest.summarising(request)) {
                ContextCompactionTest.assertPaired(request.messages());
            }
        }
        assertTrue(model.requests().stream().skip(2).filter(request -> !ContextCompactionTest.summarising(request))
                .allMatch(request -> ContextCompactionTest.tokens(request.messages()) <= 1_700));
    }

    @Test
    void aThirdRejectionInARowIsThrownByTheMachine() {
        Agent agent = Agent.builder().model(ScriptedChatModel.builder().answer("unused").build())
                .tools(new ContextCompactionTest.Files()).build();
        List<Message> transcript = List.of(Message.user("task"),
                AssistantMessage.ofToolCalls(List.of(ToolCall.of("c1", "read", "{\"path\":\"a\"}"))),
                new ToolMessage("c1", "read", "y".repeat(5_000), false));
        RunState twice = new RunState("r", transcript, 1, List.of(), List.of(), Map.of(), 0, null, 0, null, null,
                new RunState.Context(0, 0, null, 0, 2_000, 0, 0, 0, 2));
        ContextLengthExceededException failure = new ContextLengthExceededException("too long", 400, null, null, null, 0);
        assertSame(failure, assertThrows(ContextLengthExceededException.class,
                () -> agent.machine().next(twice, new Observation.TooLong(failure, false))));
        RunState once = twice.withContext(new RunState.Context(0, 0, null, 0, 2_000, 0, 0, 0, 1));
        RunMachine.Decision<String> decision = agent.machine().next(once, new Observation.TooLong(failure, false));
        assertInstanceOf(Step.Compact.class, decision.step(), "the second rejection is still compacted");
        assertEquals(2, decision.state().context().tooLongInARow());
    }
}
