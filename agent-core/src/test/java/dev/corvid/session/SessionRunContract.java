package dev.corvid.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunOutcome;
import dev.corvid.agent.RunResult;
import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ChatModel;
import dev.corvid.model.Cost;
import dev.corvid.model.FinishReason;
import dev.corvid.model.Message;
import dev.corvid.model.ModelPrice;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.SystemMessage;
import dev.corvid.model.ToolCall;
import dev.corvid.model.ToolMessage;
import dev.corvid.model.Usage;
import dev.corvid.testing.ScriptedChatModel;
import dev.corvid.tool.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A run bound to a session, on each store: its turns are stored as it goes, a later run continues them,
 * a stale writer is stopped, and a process killed mid-run loses only the turn in flight.
 */
interface SessionRunContract {

    /** Returns the store under test. */
    SessionStore store();

    /** Returns how a child JVM opens the same store, for {@link TestStores#open(String)}. */
    String childStore();

    /** Returns a directory the test may write to. */
    Path scratch();

    /** Tools that look into the store while a run goes on. */
    final class Peek {
        final SessionStore store;
        final List<Integer> seen = new CopyOnWriteArrayList<>();
        String sessionId;

        Peek(SessionStore store) {
            this.store = store;
        }

        @Tool("Counts the stored messages")
        public String count() {
            int stored = store.load(sessionId).orElseThrow().messages().size();
            seen.add(stored);
            return stored + " stored";
        }
    }

    private static ChatModel callsCountTwiceThenAnswers() {
        return request -> {
            long calls = request.messages().stream()
                    .filter(message -> message instanceof AssistantMessage assistant && assistant.hasToolCalls()).count();
            AssistantMessage reply = calls < 2
                    ? AssistantMessage.ofToolCalls(List.of(ToolCall.of("c" + calls, "count", "{}")))
                    : AssistantMessage.of("two counts done");
            return new ModelResponse(reply, reply.hasToolCalls() ? FinishReason.TOOL_CALLS : FinishReason.STOP,
                    Usage.of(1_000_000, 0), "m", "r");
        };
    }

    @Test
    default void aSessionRunStoresEachTurnWhileItGoes() {
        Session session = store().create(SessionStoreContract.workspace());
        Peek peek = new Peek(store());
        peek.sessionId = session.id();
        Agent agent = Agent.builder().model(callsCountTwiceThenAnswers()).instructions("Count.").tools(peek)
                .price(ModelPrice.of("USD", "0.5", "1")).build();
        RunResult<String> result = agent.run(session, "Count twice");
        assertEquals("two counts done", result.output());
        // During turn 1 the prompt was stored; during turn 2, turn 1's call and result too.
        assertEquals(List.of(1, 3), peek.seen);
        Session stored = store().load(session.id()).orElseThrow();
        List<Message> expected = result.transcript().subList(1, result.transcript().size());
        assertEquals(expected, stored.messages());
        assertTrue(stored.messages().stream().noneMatch(SystemMessage.class::isInstance), "instructions are not stored");
        assertEquals(3, stored.info().turns());
        assertEquals(Cost.of("1.5", "USD"), stored.info().cost());
        assertEquals("Count twice", stored.info().firstTask());
        assertEquals(stored.version(), session.version());
    }

    @Test
    default void aLaterRunContinuesTheStoredConversation() {
        Session session = store().create(SessionStoreContract.workspace());
        ScriptedChatModel model = ScriptedChatModel.builder().answer("It is 4.").answer("Then 8.").answer("16.").build();
        Agent agent = Agent.builder().model(model).instructions("Do sums.").build();
        agent.run(session, "What is 2+2?");
        Session reloaded = store().load(session.id()).orElseThrow();
        RunResult<String> second = agent.run(reloaded, "And doubled?");
        assertEquals("Then 8.", second.output());
        assertEquals(List.of(Message.system("Do sums."), Message.user("What is 2+2?"), AssistantMessage.of("It is 4."),
                Message.user("And doubled?")), model.lastRequest().messages());
        assertEquals(List.of(Message.user("What is 2+2?"), AssistantMessage.of("It is 4."), Message.user("And doubled?"),
                AssistantMessage.of("Then 8.")), store().load(session.id()).orElseThrow().messages());
        // The handle goes on: it keeps the version of its own appends.
        agent.run(reloaded, "Again?");
        assertEquals(6, store().load(session.id()).orElseThrow().messages().size());
    }

    /** A structured answer of a session run. */
    record Sum(int value) {
    }

    @Test
    default void aSessionRunWithAStructuredAnswerBindsItToItsTypeAndStoresTheTurn() {
        Session session = store().create(SessionStoreContract.workspace());
        Agent agent = Agent.builder().model(ScriptedChatModel.builder().answer("{\"value\": 4}").build()).build();
        RunResult<Sum> result = agent.run(session, "What is 2+2?", Sum.class);
        assertEquals(new Sum(4), result.output());
        assertEquals(List.of(Message.user("What is 2+2?"), AssistantMessage.of("{\"value\": 4}")),
                store().load(session.id()).orElseThrow().messages());
    }

    @Test
    default void aRunOnASessionAnotherWriterChangedStopsWithAConflict() {
        Session created = store().create(SessionStoreContract.workspace());
        Session stale = store().load(created.id()).orElseThrow();
        Agent agent = Agent.builder().model(ScriptedChatModel.builder().answer("one").answer("two").build()).build();
        agent.run(created, "first writer");
        SessionConflictException conflict = assertThrows(SessionConflictException.class,
                () -> agent.run(stale, "second writer"));
        assertTrue(conflict.getMessage().contains(created.id()));
        assertEquals(2, store().load(created.id()).orElseThrow().messages().size());
    }

    @Test
    default void aRunOnItsOwnThreadStoresAndReportsAConflictThroughItsHandle() {
        Session created = store().create(SessionStoreContract.workspace());
        Session stale = store().load(created.id()).orElseThrow();
        Agent agent = Agent.builder().model(ScriptedChatModel.builder().answer("one").answer("two").build()).build();
        List<String> texts = new CopyOnWriteArrayList<>();
        RunResult<String> first = agent.runAsync(created, "first", event -> texts.add(event.getClass().getSimpleName()))
                .result().orTimeout(30, TimeUnit.SECONDS).join();
        assertEquals(RunOutcome.ANSWERED, first.outcome());
        assertTrue(texts.contains("RunFinished"), "the run's own listener hears it: " + texts);
        assertEquals(2, store().load(created.id()).orElseThrow().messages().size());
        Throwable failure = assertThrows(Exception.class, () -> agent.runAsync(stale, "second", event -> { })
                .result().orTimeout(30, TimeUnit.SECONDS).join());
        assertInstanceOf(SessionConflictException.class, failure.getCause());
    }

    @Test
    default void ofTwoRunsOnOneSessionObjectTheOneOvertakenStopsWithAConflict() throws Exception {
        Session session = store().create(SessionStoreContract.workspace());
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ChatModel model = request -> {
            Message last = request.messages().get(request.messages().size() - 1);
            if (last.equals(Message.user("slow"))) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return ModelResponse.of(AssistantMessage.of("answer to " + ((dev.corvid.model.UserMessage) last).text()));
        };
        Agent agent = Agent.builder().model(model).build();
        var slow = agent.runAsync(session, "slow", event -> { });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (store().load(session.id()).orElseThrow().messages().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the slow run did not store its prompt within 30 s");
            Thread.sleep(10);
        }
        assertEquals("answer to fast", agent.run(session, "fast").output());
        release.countDown();
        Throwable failure = assertThrows(Exception.class, () -> slow.result().orTimeout(30, TimeUnit.SECONDS).join());
        assertInstanceOf(SessionConflictException.class, failure.getCause());
        assertEquals(List.of(Message.user("slow"), Message.user("fast"), AssistantMessage.of("answer to fast")),
                store().load(session.id()).orElseThrow().messages());
    }

    @Test
    default void aProcessKilledMidRunLosesOnlyTheTurnInFlightAndIsContinued() throws Exception {
        Session session = store().create(SessionStoreContract.workspace());
        Path marker = scratch().resolve("blocked-" + session.id());
        Path out = scratch().resolve("child-" + session.id() + ".log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SessionChild.class.getName(),
                childStore(), session.id(), marker.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(marker)) {
                if (!child.isAlive()) {
                    fail("the child ended before turn 3: " + Files.readString(out));
                }
                if (System.nanoTime() > deadline) {
                    fail("the child did not reach turn 3 within 60 s: " + Files.readString(out));
                }
                Thread.sleep(50);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        Session left = store().load(session.id()).orElseThrow();
        List<Message> stored = left.messages();
        assertEquals(5, stored.size(), "the prompt and turns 1 and 2: " + stored);
        assertEquals(Message.user("Take two notes"), stored.get(0));
        assertEquals("note", ((AssistantMessage) stored.get(1)).toolCalls().get(0).name());
        assertEquals(new ToolMessage("call-1", "note", "noted line 1", false), stored.get(2));
        assertEquals(new ToolMessage("call-2", "note", "noted line 2", false), stored.get(4));
        assertEquals(2, left.info().turns());

        ScriptedChatModel model = ScriptedChatModel.builder().answer("Both notes are taken.").build();
        Agent agent = Agent.builder().model(model).instructions("You take notes.").build();
        RunResult<String> result = agent.run(left, "Are you done?");
        assertEquals("Both notes are taken.", result.output());
        List<Message> sent = model.lastRequest().messages();
        assertEquals(stored, sent.subList(1, 6));
        assertEquals(Message.user("Are you done?"), sent.get(6));
        List<Message> after = new ArrayList<>(stored);
        after.add(Message.user("Are you done?"));
        after.add(AssistantMessage.of("Both notes are taken."));
        assertEquals(after, store().load(session.id()).orElseThrow().messages());
    }
}
