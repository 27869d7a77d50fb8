package dev.corvid.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ChatModel;
import dev.corvid.model.FinishReason;
import dev.corvid.model.Message;
import dev.corvid.model.ModelPrice;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ToolCall;
import dev.corvid.model.Usage;
import dev.corvid.tool.Tool;
import jakarta.validation.constraints.Min;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A run saved as JSON after any step and continued by a fresh agent of the same configuration ends with
 * the same transcript and result as the run that was never interrupted.
 */
class RunResumeTest {

    static class Desk {
        final List<String> ran = new CopyOnWriteArrayList<>();

        @Tool("Returns the weather in a city")
        public String weather(String city) {
            ran.add("weather " + city);
            return "sunny in " + city;
        }

        @Tool("Adds two non-negative numbers")
        public int add(@Min(0) int a, @Min(0) int b) {
            ran.add("add " + a + " " + b);
            return a + b;
        }

        @Tool("Deletes a file")
        public String delete(String path) {
            ran.add("delete " + path);
            return "deleted " + path;
        }
    }

    record Summary(String weather, int sum) {
    }

    /** A model whose reply depends only on how many times it has answered in the transcript it is sent. */
    private static ChatModel scripted(List<AssistantMessage> replies) {
        return request -> {
            int answered = (int) request.messages().stream().filter(AssistantMessage.class::isInstance).count();
            AssistantMessage reply = replies.get(Math.min(answered, replies.size() - 1));
            return new ModelResponse(reply, reply.hasToolCalls() ? FinishReason.TOOL_CALLS : FinishReason.STOP,
                    Usage.of(100 + answered, 10), "m", "resp-" + answered);
        };
    }

    private static AssistantMessage calls(ToolCall... calls) {
        return AssistantMessage.ofToolCalls(List.of(calls));
    }

    /** Parallel calls, a validation failure the model corrects, a denied call, an invalid structured answer. */
    private static final List<AssistantMessage> SCRIPT = List.of(
            calls(ToolCall.of("w", "weather", "{\"city\":\"Oslo\"}"), ToolCall.of("s", "add", "{\"a\":-1,\"b\":2}")),
            calls(ToolCall.of("s2", "add", "{\"a\":1,\"b\":2}"), ToolCall.of("d", "delete", "{\"path\":\"/etc\"}")),
            AssistantMessage.of("not json"),
            AssistantMessage.of("{\"weather\":\"sunny in Oslo\",\"sum\":3}"));

    private static Agent agent(Desk desk, List<AssistantMessage> script, Function<Agent.Builder, Agent.Builder> more) {
        Agent.Builder builder = Agent.builder().model(scripted(script)).instructions("Help.").tools(desk)
                .price(ModelPrice.of("USD", "1", "2"))
                .approver(call -> call.name().equals("delete") ? ToolApprover.Approval.deny("not on my watch")
                        : ToolApprover.Approval.allow());
        return more.apply(builder).build();
    }

    private static final class Checkpoints implements RunListener {
        final List<String> saved = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(RunEvent event) {
            if (event instanceof RunEvent.Checkpoint checkpoint) {
                saved.add(checkpoint.state().toJson());
            }
        }
    }

    private static void assertSameEnd(RunResult<?> expected, RunResult<?> actual, String where) {
        assertEquals(expected.transcript(), actual.transcript(), where);
        assertEquals(expected.outcome(), actual.outcome(), where);
        assertEquals(expected.output(), actual.output(), where);
        assertEquals(expected.detail(), actual.detail(), where);
        assertEquals(expected.usage(), actual.usage(), where);
        assertEquals(expected.cost(), actual.cost(), where);
        assertEquals(expected.perTurn(), actual.perTurn(), where);
        assertEquals(expected.runId(), actual.runId(), where);
    }

    @Test
    void aStructuredRunSavedAfterEveryStepAndContinuedByAFreshAgentEndsTheSame() {
        Desk desk = new Desk();
        Checkpoints checkpoints = new Checkpoints();
        RunResult<Summary> whole = agent(desk, SCRIPT, b -> b.listener(checkpoints)).run("Weather and a sum?", Summary.class);
        assertEquals(new Summary("sunny in Oslo", 3), whole.output());
        assertEquals(List.of("weather Oslo", "add 1 2"), desk.ran, "the invalid add and the denied delete never ran");
        assertTrue(checkpoints.saved.size() >= 8, "a checkpoint per step: " + checkpoints.saved.size());

        for (int step = 0; step < checkpoints.saved.size(); step++) {
            String json = checkpoints.saved.get(step);
            RunState state = RunState.fromJson(json);
            assertEquals(json, state.toJson(), "step " + step + " round-trips through JSON without loss");
            Desk freshDesk = new Desk();
            RunResult<Summary> resumed = agent(freshDesk, SCRIPT, b -> b).resume(state, Summary.class);
            assertSameEnd(whole, resumed, "resumed after step " + step);
            assertTrue(freshDesk.ran.size() <= desk.ran.size(), "no finished call runs again");
        }
    }

    @Test
    void aRunThatHitsItsTurnLimitResumesToTheSameLimit() {
        List<AssistantMessage> forever = List.of(calls(ToolCall.of("w", "weather", "{\"city\":\"Rome\"}")));
        Checkpoints checkpoints = new Checkpoints();
        RunResult<String> whole = agent(new Desk(), forever, b -> b.maxTurns(3).listener(checkpoints)).run("loop");
        assertEquals(RunOutcome.TURN_LIMIT, whole.outcome());
        for (String json : checkpoints.saved) {
            assertSameEnd(whole, agent(new Desk(), forever, b -> b.maxTurns(3)).resume(RunState.fromJson(json)), json);
        }
    }

    @Test
    void aCancelledRunKeepsItsOutcomeWhenItsLastStateIsResumed() throws Exception {
        List<AssistantMessage> forever = List.of(calls(ToolCall.of("w", "weather", "{\"city\":\"Rome\"}")));
        List<RunHandle<String>> handle = new ArrayList<>(1);
        RunListener cancelAtTurnTwo = event -> {
            if (event instanceof RunEvent.TurnFinished turn && turn.turn() == 2) {
                handle.get(0).cancel();
            }
        };
        Agent agent = agent(new Desk(), forever, b -> b.maxTurns(10));
        synchronized (handle) {
            handle.add(agent.runAsync(List.of(), "loop", event -> {
                synchronized (handle) {
                    cancelAtTurnTwo.onEvent(event);
                }
            }));
        }
        RunResult<String> cancelled = handle.get(0).result().get(10, TimeUnit.SECONDS);
        assertEquals(RunOutcome.CANCELLED, cancelled.outcome());
        RunResult<String> resumed = agent(new Desk(), forever, b -> b.maxTurns(10))
                .resume(RunState.fromJson(cancelled.state().toJson()));
        assertSameEnd(cancelled, resumed, "a finished state resumes to its result");
    }

    @Test
    void aRunWaitingForAnApprovalIsSavedAnsweredLaterAndContinuedElsewhere() throws Exception {
        List<AssistantMessage> script = List.of(calls(ToolCall.of("d", "delete", "{\"path\":\"old.log\"}")),
                AssistantMessage.of("Deleted it."));
        List<String> waiting = new CopyOnWriteArrayList<>();
        Agent first = Agent.builder().model(scripted(script)).tools(new Desk()).approver(ToolApprover.DEFER_ALL).build();
        RunHandle<String> handle = first.runAsync(List.of(), "clean up", event -> {
            if (event instanceof RunEvent.ApprovalRequested requested) {
                waiting.add(requested.call().id());
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (handle.awaitingApproval().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(List.of("d"), waiting);
        RunState saved = handle.state();
        assertEquals(List.of("d"), saved.awaitingApproval().stream().map(ToolCall::id).toList());
        handle.cancel(); // this process goes away; the saved state lives on
        assertEquals(RunOutcome.CANCELLED, handle.result().get(10, TimeUnit.SECONDS).outcome());

        Desk elsewhere = new Desk();
        Agent second = Agent.builder().model(scripted(script)).tools(elsewhere).approver(ToolApprover.DEFER_ALL).build();
        RunResult<String> result = second.resume(RunState.fromJson(saved.toJson()).approve("d"));
        assertEquals("Deleted it.", result.output());
        assertEquals(List.of("delete old.log"), elsewhere.ran);
        assertFalse(result.transcript().stream().anyMatch(m -> m instanceof Message && m.toString().contains("Not run")));
    }
}
