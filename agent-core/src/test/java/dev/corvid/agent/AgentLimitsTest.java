package dev.corvid.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.FinishReason;
import dev.corvid.model.Message;
import dev.corvid.model.ModelException;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ToolCall;
import dev.corvid.model.ToolMessage;
import dev.corvid.model.Usage;
import dev.corvid.model.UserMessage;
import dev.corvid.testing.ScriptedChatModel;
import dev.corvid.tool.Tool;
import dev.corvid.tool.ToolContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AgentLimitsTest {

    static class Echo {
        @Tool
        public String echo(String text) {
            return text;
        }
    }

    static class Sleeper {
        final CountDownLatch started = new CountDownLatch(1);
        final AtomicBoolean interrupted = new AtomicBoolean();
        final CountDownLatch stopped = new CountDownLatch(1);

        @Tool
        public String sleep(ToolContext context) {
            started.countDown();
            try {
                Thread.sleep(60_000);
                return "woke up";
            } catch (InterruptedException e) {
                interrupted.set(true);
                stopped.countDown();
                return "interrupted";
            }
        }
    }

    @Test
    void aModelThatNeverStopsCallingToolsEndsAtTheTurnLimit() {
        ScriptedChatModel model = ScriptedChatModel.answering(request ->
                ModelResponse.of(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c", "echo", "{\"text\":\"again\"}")))));
        RunResult<String> result = Agent.builder().model(model).tools(new Echo()).maxTurns(4).build().run("loop");

        assertEquals(RunOutcome.TURN_LIMIT, result.outcome());
        assertEquals(4, result.turns());
        assertEquals(4, model.requests().size());
        assertNull(result.output());
        assertTrue(result.detail().contains("raise maxTurns"), result.detail());
    }

    @Test
    void aRunThatTakesTooLongEndsWithTimeoutAndItsTranscript() {
        ScriptedChatModel model = ScriptedChatModel.builder().delay(Duration.ofSeconds(30)).answer("late").build();
        long start = System.nanoTime();
        RunResult<String> result = Agent.builder().model(model).runTimeout(Duration.ofMillis(200)).build().run("hurry");

        assertEquals(RunOutcome.TIMEOUT, result.outcome());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15), "the timeout stopped the waiting model");
        assertTrue(result.transcript().get(result.transcript().size() - 1) instanceof UserMessage);
        assertTrue(!Thread.currentThread().isInterrupted(), "the caller's thread is left uninterrupted");
    }

    @Test
    void aToolThatTakesTooLongIsStoppedAndTheModelIsTold() {
        Sleeper sleeper = new Sleeper();
        ScriptedChatModel model = ScriptedChatModel.builder().callTool("sleep", "{}").answer("ok").build();
        RunResult<String> result = Agent.builder().model(model).tools(sleeper).toolTimeout(Duration.ofMillis(200))
                .build().run("nap");

        ToolMessage timedOut = (ToolMessage) model.requests().get(1).lastMessage();
        assertTrue(timedOut.error());
        assertEquals("Error: sleep did not finish within 200 ms and was stopped", timedOut.content());
        assertTrue(result.isAnswered());
    }

    @Test
    void aToolOfItsOwnTimeoutIsStoppedByItWhileTheOthersKeepTheAgentsTimeout() {
        Sleeper sleeper = new Sleeper();
        class Quick {
            @Tool
            public String pause() throws InterruptedException {
                Thread.sleep(400);
                return "paused";
            }
        }
        ScriptedChatModel model = ScriptedChatModel.builder().callTool("sleep", "{}").callTool("pause", "{}")
                .answer("ok").build();
        Agent.builder().model(model).tools(sleeper, new Quick()).toolTimeout(Duration.ofSeconds(30))
                .toolTimeout("sleep", Duration.ofMillis(200)).build().run("nap");

        assertEquals("Error: sleep did not finish within 200 ms and was stopped",
                ((ToolMessage) model.requests().get(1).lastMessage()).content());
        assertEquals("paused", ((ToolMessage) model.requests().get(2).lastMessage()).content(),
                "a tool slower than sleep's timeout runs to its end under the agent's");
    }

    @Test
    void cancellingARunStopsItsRunningToolsAndEndsItAsCancelled() throws Exception {
        Sleeper sleeper = new Sleeper();
        ScriptedChatModel model = ScriptedChatModel.builder().callTool("sleep", "{}").answer("never").build();
        RunHandle<String> handle = Agent.builder().model(model).tools(sleeper).build().runAsync("nap");

        assertTrue(sleeper.started.await(5, TimeUnit.SECONDS));
        handle.cancel();
        RunResult<String> result = handle.result().get(15, TimeUnit.SECONDS);

        assertEquals(RunOutcome.CANCELLED, result.outcome());
        // The run may end before the tool's thread has run its catch block: wait for it, briefly.
        assertTrue(sleeper.stopped.await(10, TimeUnit.SECONDS) && sleeper.interrupted.get(),
                "the tool's thread was interrupted");
        assertEquals(1, model.requests().size(), "no request after cancellation");
        Message last = result.transcript().get(result.transcript().size() - 1);
        assertTrue(last instanceof ToolMessage, "the cancelled call is still answered: " + last);
    }

    @Test
    void cancellingARunStopsTheModelRequestInFlight() throws Exception {
        ScriptedChatModel model = ScriptedChatModel.builder().delay(Duration.ofSeconds(30)).answer("late").build();
        RunHandle<String> handle = Agent.builder().model(model).build().runAsync("wait");
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (model.requests().isEmpty()) {
            assertTrue(System.nanoTime() < waitUntil, "the run never asked the model");
            Thread.sleep(5);
        }
        long start = System.nanoTime();
        handle.cancel();
        RunResult<String> result = handle.result().get(15, TimeUnit.SECONDS);
        assertEquals(RunOutcome.CANCELLED, result.outcome());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15), "stopped long before the model's reply");
    }

    @Test
    void toolCallsCutOffAtTheTokenLimitAreNeitherRunNorSentBack() {
        ModelResponse cutOff = new ModelResponse(new AssistantMessage("Let me", null, null,
                List.of(ToolCall.of("c1", "echo", "{\"text\": \"unfinish")), Map.of()), FinishReason.LENGTH,
                Usage.of(5, 100), null, null);
        ScriptedChatModel model = ScriptedChatModel.builder().reply(cutOff).build();
        RunResult<String> result = Agent.builder().model(model).tools(new Echo()).build().run("go");

        assertEquals(RunOutcome.LENGTH, result.outcome());
        assertTrue(result.detail().contains("cut off at the token limit while it was writing tool calls"));
        AssistantMessage kept = (AssistantMessage) result.transcript().get(result.transcript().size() - 1);
        assertTrue(kept.toolCalls().isEmpty());
        assertEquals("Let me", result.text());
    }

    @Test
    void aRefusalEndsTheRunAsRefused() {
        ModelResponse refusal = ModelResponse.of(new AssistantMessage(null, null, "I can't help with that.", List.of(),
                Map.of()));
        RunResult<String> result = Agent.builder().model(ScriptedChatModel.builder().reply(refusal).build()).build()
                .run("something bad");
        assertEquals(RunOutcome.REFUSED, result.outcome());
        assertTrue(result.detail().contains("I can't help with that."));
    }

    @Test
    void aContentFilterStopEndsTheRunAsRefused() {
        ModelResponse filtered = new ModelResponse(AssistantMessage.of(""), FinishReason.CONTENT_FILTER, Usage.UNKNOWN,
                null, null);
        RunResult<String> result = Agent.builder().model(ScriptedChatModel.builder().reply(filtered).build()).build()
                .run("x");
        assertEquals(RunOutcome.REFUSED, result.outcome());
    }

    @Test
    void aProviderFailureIsThrownWithTheTranscriptSoFar() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .callTool("echo", "{\"text\": \"hi\"}")
                .reply(request -> {
                    throw new ModelException("provider is down", 503, "unavailable", "try later", "req-1", true, null);
                })
                .build();
        ModelException failure = assertThrows(ModelException.class,
                () -> Agent.builder().model(model).tools(new Echo()).build().run("say hi"));
        assertEquals(503, failure.status());
        assertEquals("req-1", failure.requestId());
        assertEquals(3, failure.transcript().size(), "user, assistant tool call, tool result");
    }

    @Test
    void usageIsSummedOverTurnsAndUnknownStaysUnknown() {
        ScriptedChatModel known = ScriptedChatModel.builder().callTool("echo", "{\"text\":\"a\"}").answer("a").build();
        RunResult<String> result = Agent.builder().model(known).tools(new Echo()).build().run("x");
        assertEquals(Usage.of(20, 10).promptTokens(), result.usage().promptTokens());
        assertEquals(30L, result.usage().totalTokens());

        ScriptedChatModel unknown = ScriptedChatModel.builder().reply(ModelResponse.of(AssistantMessage.of("a"))).build();
        RunResult<String> unknownResult = Agent.builder().model(unknown).build().run("x");
        assertNull(unknownResult.usage().promptTokens());
        assertNull(unknownResult.usage().totalTokens());
    }

    @Test
    void aRunContinuesFromTheHistoryOfAnEarlierRun() {
        ScriptedChatModel model = ScriptedChatModel.builder().answer("Paris").answer("About 2.1 million.").build();
        Agent agent = Agent.builder().model(model).instructions("Answer briefly.").build();
        RunResult<String> first = agent.run("Capital of France?");
        RunResult<String> second = agent.run(first.transcript(), "Its population?");

        List<Message> sent = model.requests().get(1).messages();
        assertEquals(4, sent.size(), "system, user, assistant, user: the instructions are not repeated");
        assertSame(dev.corvid.model.SystemMessage.class, sent.get(0).getClass());
        assertEquals("About 2.1 million.", second.output());
    }

    @Test
    void unansweredCallsInAGivenHistoryAreAnsweredBeforeTheNewPrompt() {
        List<Message> history = List.of(Message.user("start"),
                AssistantMessage.ofToolCalls(List.of(ToolCall.of("c9", "echo", "{}"))));
        ScriptedChatModel model = ScriptedChatModel.builder().answer("ok").build();
        Agent.builder().model(model).tools(new Echo()).build().run(history, "continue");

        List<Message> sent = model.requests().get(0).messages();
        ToolMessage answer = (ToolMessage) sent.get(2);
        assertEquals("c9", answer.toolCallId());
        assertTrue(answer.error());
        assertEquals("continue", ((UserMessage) sent.get(3)).text());
    }

    @Test
    void oneAgentServesManyConcurrentRuns() throws Exception {
        ScriptedChatModel model = ScriptedChatModel.answering(request -> {
            Message last = request.lastMessage();
            if (last instanceof UserMessage user) {
                return ModelResponse.of(AssistantMessage.ofToolCalls(List.of(
                        ToolCall.of("c", "echo", "{\"text\":\"" + user.text() + "\"}"))));
            }
            return ModelResponse.of(AssistantMessage.of("echoed " + ((ToolMessage) last).content()));
        });
        Agent agent = Agent.builder().model(model).tools(new Echo()).build();
        List<RunHandle<String>> handles = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            handles.add(agent.runAsync("run " + i));
        }
        for (int i = 0; i < 50; i++) {
            assertEquals("echoed run " + i, handles.get(i).result().get(10, TimeUnit.SECONDS).output());
        }
    }
}
