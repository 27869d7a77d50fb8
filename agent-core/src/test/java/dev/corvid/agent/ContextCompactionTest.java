package dev.corvid.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ContextLengthExceededException;
import dev.corvid.model.Message;
import dev.corvid.model.ModelRequest;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ModelSettings;
import dev.corvid.model.SystemMessage;
import dev.corvid.model.ToolCall;
import dev.corvid.model.ToolMessage;
import dev.corvid.model.UserMessage;
import dev.corvid.testing.ScriptedChatModel;
import dev.corvid.tool.Tool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs that outgrow the context window: proactive compaction, and what becomes of each request. */
class ContextCompactionTest {

    static final String TASK = "Read the files f1 to f5 and report what they hold.";
    private static final Pattern READ = Pattern.compile("(?:content of|read through) f(\\d+)");

    /** A file reader whose outputs are large: 2,400 characters, about 600 tokens each. */
    static class Files {
        @Tool("Reads a file")
        public String read(String path) {
            return "content of " + path + ": " + "x".repeat(2_400 - 20) + " end of " + path;
        }
    }

    /** Returns whether a request is the summarising request of a compaction. */
    static boolean summarising(ModelRequest request) {
        return request.lastMessage() instanceof UserMessage user && ContextWindow.SUMMARY_REQUEST.equals(user.text());
    }

    /** Returns the highest file the request shows as read, from tool outputs or a summary; 0 when none. */
    static int lastRead(ModelRequest request) {
        int last = 0;
        for (Message message : request.messages()) {
            String text = message instanceof ToolMessage tool ? tool.content()
                    : message instanceof UserMessage user ? user.text() : null;
            if (text != null) {
                Matcher matcher = READ.matcher(text);
                while (matcher.find()) {
                    last = Math.max(last, Integer.parseInt(matcher.group(1)));
                }
            }
        }
        return last;
    }

    /**
     * A model that reads f1 to f{@code files} one call per turn and then answers, deciding from each request
     * alone, and that summarises when asked.
     */
    static Function<ModelRequest, ModelResponse> reader(int files) {
        return request -> {
            int read = lastRead(request);
            if (summarising(request)) {
                return ModelResponse.of(AssistantMessage.of("Goal: report what f1 to f" + files + " hold. Done: read "
                        + "through f" + read + ". Still to do: the rest. Open questions: none."));
            }
            if (read < files) {
                int next = read + 1;
                return ModelResponse.of(AssistantMessage.ofToolCalls(List.of(ToolCall.of("call_f" + next, "read",
                        "{\"path\":\"f" + next + "\"}"))));
            }
            return ModelResponse.of(AssistantMessage.of("All " + files + " files hold x."));
        };
    }

    /** Checks that every tool message follows the assistant message holding its call, and every call is answered. */
    static void assertPaired(List<Message> messages) {
        Set<String> open = new HashSet<>();
        for (Message message : messages) {
            if (message instanceof ToolMessage tool) {
                assertTrue(open.remove(tool.toolCallId()), "tool message " + tool.toolCallId()
                        + " does not follow the assistant message that holds its call: " + messages);
            } else {
                assertTrue(open.isEmpty(), "calls " + open + " are not answered before the next message");
                if (message instanceof AssistantMessage assistant) {
                    assistant.toolCalls().forEach(call -> open.add(call.id()));
                }
            }
        }
    }

    static long tokens(List<Message> messages) {
        return messages.stream().mapToLong(ContextWindow::tokens).sum();
    }

    @Test
    void aRequestAboveTheThresholdIsCompactedKeepingTheTaskTheLatestTurnsAndEveryCallWithItsResult() {
        ScriptedChatModel model = ScriptedChatModel.answering(reader(5));
        List<RunEvent> events = new CopyOnWriteArrayList<>();
        // Window 2,000 tokens, 200 of them kept for the reply: budget 1,800, compacted above 1,530.
        Agent agent = Agent.builder().model(model).instructions("You read files.").tools(new Files())
                .settings(ModelSettings.builder().maxTokens(200).build()).contextWindow(2_000)
                .listener(events::add).build();
        RunResult<String> result = agent.run(TASK);

        assertEquals("All 5 files hold x.", result.output());
        List<ModelRequest> requests = model.requests();
        List<ModelRequest> summaries = requests.stream().filter(ContextCompactionTest::summarising).toList();
        assertEquals(2, summaries.size(), "two compactions for five outputs of 600 tokens in a 1,530 threshold");
        ModelRequest ordinary = requests.get(0);
        for (ModelRequest summary : summaries) {
            assertEquals(ordinary.messages().get(0), summary.messages().get(0), "the same system message");
            assertEquals(ordinary.tools(), summary.tools(), "the same tools, so a prompt cache still hits");
            assertTrue(tokens(summary.messages()) > 1_530, "compacted only above the threshold");
        }
        for (int i = 0; i < requests.size(); i++) {
            ModelRequest request = requests.get(i);
            assertPaired(request.messages());
            if (!summarising(request)) {
                assertTrue(tokens(request.messages()) <= 1_530, "request " + (i + 1) + " stays below the threshold: "
                        + tokens(request.messages()));
            }
            if (i > 0 && summarising(requests.get(i - 1))) {
                List<Message> sent = request.messages();
                assertEquals(new SystemMessage("You read files."), sent.get(0));
                assertEquals(Message.user(TASK), sent.get(1), "the task, verbatim");
                String summary = ((UserMessage) sent.get(2)).text();
                assertTrue(summary.startsWith(ContextWindow.SUMMARY_INTRO) && summary.contains("Goal: report"), summary);
                assertTrue(sent.size() > 3 && sent.get(3) instanceof AssistantMessage,
                        "the latest turn that fits is kept after the summary: " + sent);
            }
        }
        // The transcript of the result keeps every message: five calls and five whole outputs.
        List<ToolMessage> outputs = result.transcript().stream().filter(ToolMessage.class::isInstance)
                .map(ToolMessage.class::cast).toList();
        assertEquals(5, outputs.size());
        outputs.forEach(output -> assertEquals(new Files().read("f" + output.toolCallId().substring("call_f".length())),
                output.content()));
        assertEquals(requests.size(), result.perTurn().size(), "the summarising requests count as turns");
        List<RunEvent.Compacted> compactions = events.stream().filter(RunEvent.Compacted.class::isInstance)
                .map(RunEvent.Compacted.class::cast).toList();
        assertEquals(2, compactions.size());
        for (RunEvent.Compacted compacted : compactions) {
            assertEquals(RunEvent.Compacted.How.SUMMARY, compacted.how());
            assertTrue(compacted.tokensBefore() > 1_530 && compacted.tokensAfter() < 1_530 / 2 + 200,
                    compacted.tokensBefore() + " -> " + compacted.tokensAfter());
        }
    }

    @Test
    void aCompactedRunSavedAtEveryStepResumesToTheSameEnd() {
        List<String> saved = new ArrayList<>();
        Agent first = Agent.builder().model(ScriptedChatModel.answering(reader(5))).instructions("You read files.")
                .tools(new Files()).contextWindow(2_000).listener(event -> {
                    if (event instanceof RunEvent.Checkpoint checkpoint) {
                        saved.add(checkpoint.state().toJson());
                    }
                }).build();
        RunResult<String> whole = first.run(TASK);
        assertTrue(whole.state().context().keptFrom() > 0, "the run was compacted");
        assertTrue(saved.stream().anyMatch(json -> json.contains("\"summary\"")), "a saved state holds the summary");
        for (String json : saved) {
            RunState state = RunState.fromJson(json);
            assertEquals(json, state.toJson(), "the state round-trips through JSON without loss");
            Agent fresh = Agent.builder().model(ScriptedChatModel.answering(reader(5))).instructions("You read files.")
                    .tools(new Files()).contextWindow(2_000).build();
            RunResult<String> resumed = fresh.resume(state);
            assertEquals(whole.output(), resumed.output());
            assertEquals(whole.transcript(), resumed.transcript());
            assertEquals(whole.state().context(), resumed.state().context());
        }
    }

    @Test
    void theMachineAloneDecidesToCompactAndWhatFollowsTheSummary() {
        Agent agent = Agent.builder().model(ScriptedChatModel.builder().answer("unused").build()).instructions("Sys.")
                .tools(new Files()).contextWindow(1_000).build();
        List<Message> transcript = new ArrayList<>(List.of(Message.system("Sys."), Message.user(TASK)));
        for (int i = 1; i <= 2; i++) {
            transcript.add(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c" + i, "read", "{\"path\":\"f" + i + "\"}"))));
            transcript.add(new ToolMessage("c" + i, "read", new Files().read("f" + i), false));
        }
        RunState state = new RunState("r", transcript, 2, List.of(), List.of(), Map.of(), 0, null, 0, null, null,
                RunState.Context.NONE.withTask(1));
        assertTrue(agent.machine().contextTokens(state) > 850);
        RunMachine.Decision<String> decision = agent.machine().next(state);
        Step.Compact compact = assertInstanceOf(Step.Compact.class, decision.step());
        assertEquals(3, compact.turn());
        assertEquals(transcript, compact.messages().subList(0, transcript.size()), "the request that did not fit");
        assertEquals(Message.user(ContextWindow.SUMMARY_REQUEST), compact.messages().get(transcript.size()));
        RunMachine.Decision<String> after = agent.machine().next(decision.state(),
                new Observation.Compacted(ModelResponse.of(AssistantMessage.of("Goal: read. Done: f1, f2."))));
        Step.AskModel ask = assertInstanceOf(Step.AskModel.class, after.step());
        assertEquals(4, ask.turn(), "the summary was turn 3");
        assertEquals(List.of(Message.system("Sys."), Message.user(TASK),
                Message.user(ContextWindow.SUMMARY_INTRO + "Goal: read. Done: f1, f2.")), ask.messages(),
                "no turn of 600 tokens fits beside the summary in half of 850");
        assertEquals(transcript, after.state().transcript(), "the transcript keeps every message");
        assertTrue(agent.machine().contextTokens(after.state()) < 100);
    }

    @Test
    void aLongHistoryIsCompactedOnTheFirstRequestOfTheRunThatContinuesIt() {
        List<Message> history = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            history.add(Message.user("Read f" + i + "."));
            history.add(AssistantMessage.ofToolCalls(List.of(ToolCall.of("h" + i, "read", "{\"path\":\"f" + i + "\"}"))));
            history.add(new ToolMessage("h" + i, "read", new Files().read("f" + i), false));
            history.add(AssistantMessage.of("f" + i + " holds x."));
        }
        ScriptedChatModel model = ScriptedChatModel.answering(request -> ModelResponse.of(AssistantMessage.of(
                summarising(request) ? "Goal: read files. Done: read through f3." : "All three hold x.")));
        RunResult<String> result = Agent.builder().model(model).instructions("You read files.").tools(new Files())
                .contextWindow(2_000).build().run(history, "What do they hold?");
        assertEquals("All three hold x.", result.output());
        assertTrue(summarising(model.requests().get(0)), "the first request of the run was over the threshold");
        List<Message> sent = model.requests().get(1).messages();
        assertEquals(new SystemMessage("You read files."), sent.get(0));
        assertTrue(((UserMessage) sent.get(1)).text().startsWith(ContextWindow.SUMMARY_INTRO));
        assertEquals(Message.user("What do they hold?"), sent.get(sent.size() - 1), "the task, verbatim and last");
        assertPaired(sent);
        assertTrue(tokens(sent) <= 850);
        assertEquals(history.size() + 3, result.transcript().size(), "the transcript keeps the whole history");
    }

    @Test
    void aStateWrittenBeforeContextsExistedReadsAsNeverCompacted() {
        RunState state = RunState.start("r-1", List.of(Message.user("hi")));
        String json = state.withContext(RunState.Context.NONE).toJson();
        assertFalse(json.contains("\"context\""), json);
        assertEquals(RunState.Context.NONE, RunState.fromJson(json).context());
        assertEquals(0, RunState.fromJson(state.toJson()).context().task(), "a new run records its task");
    }

    @Test
    void theSummarisingRequestTooLongFallsBackToCuttingTheOldestToolOutputs() {
        AtomicInteger rejected = new AtomicInteger();
        Function<ModelRequest, ModelResponse> reader = reader(3);
        ScriptedChatModel model = ScriptedChatModel.answering(request -> {
            if (summarising(request)) {
                rejected.incrementAndGet();
                throw new ContextLengthExceededException("provider error 400: too long", 400, "context_length_exceeded",
                        "too long", null, 0);
            }
            return reader.apply(request);
        });
        List<RunEvent> events = new CopyOnWriteArrayList<>();
        RunResult<String> result = Agent.builder().model(model).instructions("You read files.").tools(new Files())
                .contextWindow(2_000).listener(events::add).build().run(TASK);

        assertEquals(RunOutcome.ANSWERED, result.outcome());
        assertEquals(1, rejected.get());
        ModelRequest after = model.lastRequest();
        assertFalse(summarising(after));
        List<ToolMessage> sent = after.messages().stream().filter(ToolMessage.class::isInstance)
                .map(ToolMessage.class::cast).toList();
        assertEquals(3, sent.size(), "cutting drops no message, so every call keeps its result");
        assertPaired(after.messages());
        String oldest = sent.get(0).content();
        assertTrue(oldest.startsWith("content of f1") && oldest.endsWith("end of f1")
                && oldest.contains("characters cut here"), "head, tail and a marker: " + oldest);
        assertTrue(oldest.length() < 1_200, "cut to about " + ContextWindow.CUT_TO + " characters");
        assertEquals(new Files().read("f3"), sent.get(2).content(), "the latest output is whole");
        assertTrue(tokens(after.messages()) <= 1_700);
        RunEvent.Compacted compacted = events.stream().filter(RunEvent.Compacted.class::isInstance)
                .map(RunEvent.Compacted.class::cast).findFirst().orElseThrow();
        assertEquals(RunEvent.Compacted.How.CUT_TOOL_OUTPUTS, compacted.how());
        assertTrue(compacted.tokensAfter() < compacted.tokensBefore());
        assertEquals(new Files().read("f1"), ((ToolMessage) result.transcript().get(3)).content(),
                "the transcript keeps the whole output");
    }

    @Test
    void anEmptySummaryIsNotUsedAndTheOldestToolOutputsAreCutInstead() {
        Function<ModelRequest, ModelResponse> reader = reader(3);
        ScriptedChatModel model = ScriptedChatModel.answering(request -> summarising(request)
                ? ModelResponse.of(AssistantMessage.of("  ")) : reader.apply(request));
        RunResult<String> result = Agent.builder().model(model).tools(new Files()).contextWindow(2_000).build().run(TASK);
        assertEquals("All 3 files hold x.", result.output());
        assertEquals(null, result.state().context().summary());
        assertTrue(result.state().context().cutThrough() > 0, "outputs were cut instead");
        List<Message> last = model.lastRequest().messages();
        assertEquals(Message.user(TASK), last.get(0));
        assertTrue(((ToolMessage) last.get(2)).content().contains("characters cut here"));
    }

    @Test
    void tooLongRejectionsThatCompactingCannotAnswerAreThrownWithTheTranscript() {
        Function<ModelRequest, ModelResponse> reader = reader(3);
        AtomicInteger asked = new AtomicInteger();
        ScriptedChatModel model = ScriptedChatModel.answering(request -> {
            if (asked.incrementAndGet() == 1) {
                return reader.apply(request);
            }
            throw new ContextLengthExceededException("provider error 400: too long", 400, null,
                    "This model's maximum context length is 1000 tokens", null, 1_000);
        });
        Agent agent = Agent.builder().model(model).tools(new Files()).build();
        ContextLengthExceededException thrown = assertThrows(ContextLengthExceededException.class, () -> agent.run(TASK));
        // The call; its follow-up rejected; the summary, asked with the old output cut to fit, rejected too;
        // nothing is left to cut, so the third rejection is not waited for.
        assertEquals(3, model.requests().size());
        ModelRequest summary = model.requests().get(2);
        assertTrue(summarising(summary));
        assertTrue(((ToolMessage) summary.messages().get(2)).content().contains("characters cut here"),
                "the rejected request's old tool output is cut before a summary is asked of it");
        assertEquals(2, thrown.transcript().size() - 1, "task, call and result: " + thrown.transcript());
        assertFalse(thrown.transcript().isEmpty(), "the failure carries the transcript so far");
    }

    @Test
    void aFirstRequestTooLongWithNothingToCompactIsThrownAtOnce() {
        ScriptedChatModel model = ScriptedChatModel.answering(request -> {
            throw new ContextLengthExceededException("provider error 400: too long", 400, null, "too long", null, 0);
        });
        assertThrows(ContextLengthExceededException.class,
                () -> Agent.builder().model(model).build().run("x".repeat(10_000)));
        assertEquals(1, model.requests().size());
    }

    @Test
    void aCapOnToolResultsKeepsTheirHeadAndTailAndIsOffByDefault() {
        RunResult<String> capped = Agent.builder().model(ScriptedChatModel.answering(reader(1))).tools(new Files())
                .maxToolResultChars(500).build().run(TASK);
        ToolMessage cut = (ToolMessage) capped.transcript().get(2);
        assertTrue(cut.content().startsWith("content of f1") && cut.content().endsWith("end of f1"), cut.content());
        int length = new Files().read("f1").length();
        assertTrue(cut.content().contains("[... " + (length - 500) + " of " + length + " characters cut here"),
                cut.content());
        RunResult<String> whole = Agent.builder().model(ScriptedChatModel.answering(reader(1))).tools(new Files())
                .build().run(TASK);
        assertEquals(new Files().read("f1"), ((ToolMessage) whole.transcript().get(2)).content());
        assertThrows(IllegalArgumentException.class, () -> Agent.builder().maxToolResultChars(50));
        assertThrows(IllegalArgumentException.class, () -> Agent.builder().compactAt(1.5));
        assertThrows(IllegalArgumentException.class, () -> Agent.builder().contextWindow(10));
    }

    @Test
    void untilACompactionEachRequestStartsWithThePreviousRequestsMessages() {
        ScriptedChatModel model = ScriptedChatModel.answering(reader(5));
        Agent.builder().model(model).instructions("You read files.").tools(new Files()).contextWindow(2_000).build()
                .run(TASK);
        List<ModelRequest> requests = model.requests();
        int prefixes = 0;
        for (int i = 1; i < requests.size(); i++) {
            List<Message> before = requests.get(i - 1).messages();
            List<Message> now = requests.get(i).messages();
            if (summarising(requests.get(i)) || summarising(requests.get(i - 1))) {
                continue;
            }
            assertEquals(before, now.subList(0, before.size()), "request " + (i + 1) + " repeats request " + i);
            prefixes++;
        }
        assertTrue(prefixes >= 3, "several requests in a row grew by appending: " + prefixes);
        assertNotEquals(0, requests.stream().filter(ContextCompactionTest::summarising).count());
        assertInstanceOf(SystemMessage.class, requests.get(requests.size() - 1).messages().get(0));
    }
}
