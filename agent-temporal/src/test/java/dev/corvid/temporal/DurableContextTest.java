package dev.corvid.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunOutcome;
import dev.corvid.agent.RunResult;
import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ContextLengthExceededException;
import dev.corvid.model.Message;
import dev.corvid.model.ModelRequest;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ModelSettings;
import dev.corvid.model.ToolCall;
import dev.corvid.model.ToolMessage;
import dev.corvid.model.Transcript;
import dev.corvid.model.UserMessage;
import dev.corvid.testing.ScriptedChatModel;
import dev.corvid.tool.Tool;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Durable runs that outgrow the context window: compacted before a request, or after a rejection as too long. */
class DurableContextTest {

    private static final String TASK = "Read the files f1 to f4 and say what they hold.";
    private static final Pattern READ = Pattern.compile("(?:content of|read through) f(\\d+)");

    private final Temporal temporal = new Temporal();

    @AfterEach
    void close() {
        temporal.close();
    }

    /** A reader of large files: 2,400 characters, about 600 tokens, each. */
    static class Files {
        @Tool("Reads a file")
        public String read(String path) {
            return "content of " + path + ": " + "x".repeat(2_380) + " end of " + path;
        }
    }

    static boolean summarising(ModelRequest request) {
        return request.lastMessage() instanceof UserMessage user && user.text().contains("about to be compacted");
    }

    /** A model that reads f1 to f4, one call a turn, deciding from each request alone, and summarises when asked. */
    private static Function<ModelRequest, ModelResponse> reader() {
        return request -> {
            int read = 0;
            for (Message message : request.messages()) {
                String text = message instanceof ToolMessage tool ? tool.content()
                        : message instanceof UserMessage user ? user.text() : null;
                Matcher matcher = READ.matcher(text == null ? "" : text);
                while (matcher.find()) {
                    read = Math.max(read, Integer.parseInt(matcher.group(1)));
                }
            }
            if (summarising(request)) {
                return ModelResponse.of(AssistantMessage.of("Goal: say what f1 to f4 hold. Done: read through f" + read
                        + ". Still to do: the rest."));
            }
            if (read < 4) {
                return ModelResponse.of(AssistantMessage.ofToolCalls(List.of(ToolCall.of("call_f" + (read + 1), "read",
                        "{\"path\": \"f" + (read + 1) + "\"}"))));
            }
            return ModelResponse.of(AssistantMessage.of("All four files hold x."));
        };
    }

    /** The reader, rejecting its second ordinary request once as too long, the provider stating no limit. */
    private static Function<ModelRequest, ModelResponse> rejectingOnce() {
        AtomicInteger ordinary = new AtomicInteger();
        Function<ModelRequest, ModelResponse> reader = reader();
        return request -> {
            if (!summarising(request) && ordinary.incrementAndGet() == 2) {
                throw new ContextLengthExceededException("provider error 400: input too long", 400,
                        "context_length_exceeded", "Input too long.", "req-7", 0);
            }
            return reader.apply(request);
        };
    }

    private static void assertSameRequests(List<ModelRequest> expected, List<ModelRequest> actual) {
        assertEquals(expected.size(), actual.size(), "as many requests as in process");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(Transcript.toJson(expected.get(i).messages()), Transcript.toJson(actual.get(i).messages()),
                    "request " + (i + 1));
            assertEquals(expected.get(i).settings(), actual.get(i).settings(), "settings of request " + (i + 1));
        }
    }

    @Test
    void aRequestAboveTheContextWindowIsCompactedFirstAsInProcess() {
        // Window 2,000 tokens, 200 kept for the reply: requests above 1,530 estimated tokens are compacted first.
        Function<Agent.Builder, Agent> agent = builder -> builder.instructions("You read files.").tools(new Files())
                .settings(ModelSettings.builder().maxTokens(200).build()).contextWindow(2_000).build();
        ScriptedChatModel inProcessModel = ScriptedChatModel.answering(reader());
        RunResult<String> inProcess = agent.apply(Agent.builder().model(inProcessModel)).run(TASK);
        ScriptedChatModel model = ScriptedChatModel.answering(reader());
        temporal.worker(agent.apply(Agent.builder().model(model)));

        RunResult<String> result = temporal.runs.start(TASK).result();

        assertEquals(RunOutcome.ANSWERED, result.outcome());
        assertEquals("All four files hold x.", result.output());
        assertTrue(model.requests().stream().anyMatch(DurableContextTest::summarising), "the run was compacted");
        assertTrue(result.state().context().keptFrom() > 0, "later requests carry the summary");
        assertSameRequests(inProcessModel.requests(), model.requests());
        assertEquals(Transcript.toJson(inProcess.transcript()), Transcript.toJson(result.transcript()));
        assertEquals(inProcess.state().context(), result.state().context());
        assertEquals(inProcess.usage(), result.usage());
        assertEquals(inProcess.turns(), result.turns());
    }

    @Test
    void aRequestRejectedAsTooLongIsCompactedAndSentAgainAsInProcess() {
        ScriptedChatModel inProcessModel = ScriptedChatModel.answering(rejectingOnce());
        RunResult<String> inProcess = Agent.builder().model(inProcessModel).instructions("You read files.")
                .tools(new Files()).build().run(TASK);
        ScriptedChatModel model = ScriptedChatModel.answering(rejectingOnce());
        temporal.worker(Agent.builder().model(model).instructions("You read files.").tools(new Files()).build());
        DurableRun<String> run = temporal.runs.start(TASK);

        RunResult<String> result = run.result();

        assertEquals(RunOutcome.ANSWERED, result.outcome());
        assertEquals("All four files hold x.", result.output());
        assertTrue(summarising(model.requests().get(2)), "the rejected request was followed by a summary request");
        assertSameRequests(inProcessModel.requests(), model.requests());
        assertEquals(Transcript.toJson(inProcess.transcript()), Transcript.toJson(result.transcript()));
        assertEquals(inProcess.state().context(), result.state().context());
        assertTrue(run.events(-1).stream().anyMatch(event -> event.kind() == DurableEvent.Kind.REQUEST_FAILED
                && event.detail().contains("input too long")));
    }

    @Test
    void aRequestRejectedThreeTimesInARowFailsTheRunWithTheProvidersException() {
        Function<ModelRequest, ModelResponse> reader = reader();
        ScriptedChatModel model = ScriptedChatModel.answering(request -> {
            if (request.messages().stream().anyMatch(ToolMessage.class::isInstance)) {
                throw new ContextLengthExceededException("provider error 400: too long", 400, "context_length_exceeded",
                        "This model's maximum context length is 900 tokens", "req-8", 900);
            }
            return reader.apply(request);
        });
        temporal.worker(Agent.builder().model(model).tools(new Files()).build());
        DurableRun<String> run = temporal.runs.start(TASK);

        ContextLengthExceededException failure = assertThrows(ContextLengthExceededException.class, run::result);

        assertEquals(900, failure.limit().orElse(-1));
        assertEquals("req-8", failure.requestId());
        assertEquals(400, failure.status());
    }
}
