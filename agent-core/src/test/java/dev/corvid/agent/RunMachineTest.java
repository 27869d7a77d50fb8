package dev.corvid.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ChatModel;
import dev.corvid.model.FinishReason;
import dev.corvid.model.Message;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ToolCall;
import dev.corvid.model.ToolChoice;
import dev.corvid.model.ToolMessage;
import dev.corvid.model.Usage;
import dev.corvid.tool.Tool;
import dev.corvid.tool.ToolResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decision function on its own: plain states and observations in, decisions out; nothing runs. */
class RunMachineTest {

    /** A model that must never be asked: the machine does no I/O. */
    private static final ChatModel UNUSED = request -> {
        throw new AssertionError("the machine called the model");
    };

    static class Tools {
        @Tool
        public String lookup(String key) {
            throw new AssertionError("the machine ran a tool");
        }
    }

    private static Agent.Builder agent() {
        return Agent.builder().model(UNUSED).tools(new Tools());
    }

    private static RunState start() {
        return RunState.start("run-1", List.of(Message.system("be brief"), Message.user("find a and b")));
    }

    private static Observation answer(AssistantMessage message) {
        return new Observation.ModelAnswered(new ModelResponse(message,
                message.hasToolCalls() ? FinishReason.TOOL_CALLS : FinishReason.STOP, Usage.of(10, 5), "m", "r"));
    }

    private static final ToolCall A = ToolCall.of("a", "lookup", "{\"key\":\"a\"}");
    private static final ToolCall B = ToolCall.of("b", "lookup", "{\"key\":\"b\"}");

    @Test
    void aNewRunAsksTheModelWithItsTranscriptAsTurnOne() {
        RunMachine.Decision<String> decision = agent().build().machine().next(start());
        Step.AskModel ask = assertInstanceOf(Step.AskModel.class, decision.step());
        assertEquals(1, ask.turn());
        assertEquals(start().transcript(), ask.messages());
        assertEquals(start(), decision.state(), "asking changes nothing yet");
    }

    @Test
    void anAnswerWithoutCallsFinishesWithTheTextAndTheTurnsUsage() {
        RunMachine.Decision<String> decision = agent().build().machine().next(start(), answer(AssistantMessage.of("done")));
        assertEquals(new Step.Finish(RunOutcome.ANSWERED, null), decision.step());
        assertEquals("done", decision.output());
        assertEquals(1, decision.state().turn());
        assertEquals(15L, decision.state().usage().totalTokens());
        assertEquals(3, decision.state().transcript().size());
    }

    @Test
    void callsRunAtOnceAndTheirResultsJoinTheTranscriptInCallOrderWhateverOrderTheyArrive() {
        RunMachine<String> machine = agent().build().machine();
        RunMachine.Decision<String> asked = machine.next(start(), answer(AssistantMessage.ofToolCalls(List.of(A, B))));
        assertEquals(new Step.RunCalls(List.of(A, B)), asked.step());

        RunMachine.Decision<String> halfway = machine.next(asked.state(),
                new Observation.ToolsRan(Map.of("b", ToolResult.success("B"))));
        assertEquals(new Step.RunCalls(List.of(A)), halfway.step(), "a still has to run");

        RunMachine.Decision<String> done = machine.next(halfway.state(),
                new Observation.ToolsRan(Map.of("a", ToolResult.success("A"))));
        Step.AskModel ask = assertInstanceOf(Step.AskModel.class, done.step());
        assertEquals(2, ask.turn());
        List<Message> messages = ask.messages();
        assertEquals(List.of(new ToolMessage("a", "lookup", "A", false), new ToolMessage("b", "lookup", "B", false)),
                messages.subList(messages.size() - 2, messages.size()));
        assertTrue(done.state().calls().isEmpty());
    }

    @Test
    void theSameStateAndObservationAlwaysGiveTheSameDecision() {
        RunMachine<String> machine = agent().build().machine();
        Observation calls = answer(AssistantMessage.ofToolCalls(List.of(A, B)));
        assertEquals(machine.next(start(), calls), machine.next(start(), calls));
        assertEquals(machine.next(start(), calls).state().toJson(), machine.next(start(), calls).state().toJson());
    }

    @Test
    void withAnApproverEveryCallAwaitsItsDecisionAndADenialIsToldToTheModelWithoutCountingAsAFailure() {
        RunMachine<String> machine = agent().approver(call -> ToolApprover.Approval.allow()).maxRetries(1).build()
                .machine();
        RunMachine.Decision<String> asked = machine.next(start(), answer(AssistantMessage.ofToolCalls(List.of(A, B))));
        assertEquals(new Step.AwaitApprovals(List.of(A, B)), asked.step());
        assertEquals(List.of(A, B), asked.state().awaitingApproval());

        RunMachine.Decision<String> denied = machine.next(asked.state(),
                new Observation.ApprovalAnswered("a", ToolApprover.Approval.deny("too costly")));
        assertEquals(new Step.AwaitApprovals(List.of(B)), denied.step());
        RunMachine.Decision<String> allowed = machine.next(denied.state(),
                new Observation.ApprovalAnswered("b", ToolApprover.Approval.allow()));
        assertEquals(new Step.RunCalls(List.of(B)), allowed.step(), "only the allowed call runs");

        RunMachine.Decision<String> after = machine.next(allowed.state(),
                new Observation.ToolsRan(Map.of("b", ToolResult.success("B"))));
        assertInstanceOf(Step.AskModel.class, after.step(), "a denial with maxRetries 1 does not end the run");
        ToolMessage denial = (ToolMessage) after.state().transcript().get(3);
        assertTrue(denial.error() && denial.content().contains("too costly"), denial.content());
    }

    @Test
    void anAnswerForACallThatDoesNotWaitIsRefused() {
        RunMachine<String> machine = agent().approver(call -> ToolApprover.Approval.allow()).build().machine();
        RunState waiting = machine.next(start(), answer(AssistantMessage.ofToolCalls(List.of(A)))).state();
        assertThrows(IllegalArgumentException.class, () -> machine.next(waiting,
                new Observation.ApprovalAnswered("nope", ToolApprover.Approval.allow())));
        assertThrows(IllegalArgumentException.class, () -> machine.next(waiting,
                new Observation.ToolsRan(Map.of("a", ToolResult.success("early")))), "a call runs only once approved");
    }

    @Test
    void aToolThatFailsMaxRetriesTimesInARowEndsTheRun() {
        RunMachine<String> machine = agent().maxRetries(2).build().machine();
        RunState state = start();
        for (int turn = 1; turn <= 2; turn++) {
            ToolCall call = ToolCall.of("c" + turn, "lookup", "{}");
            state = machine.next(state, answer(AssistantMessage.ofToolCalls(List.of(call)))).state();
            RunMachine.Decision<String> decision = machine.next(state,
                    new Observation.ToolsRan(Map.of(call.id(), ToolResult.failure("down"))));
            state = decision.state();
        }
        assertEquals(RunOutcome.RETRIES_EXHAUSTED, state.outcome());
        assertTrue(state.detail().contains("tool 'lookup' failed 2 times in a row"), state.detail());
    }

    @Test
    void theTurnLimitAndTheBudgetAreCheckedBeforeEachRequest() {
        RunMachine<String> limited = agent().maxTurns(1).build().machine();
        RunState afterOneTurn = limited.next(limited.next(start(), answer(AssistantMessage.ofToolCalls(List.of(A)))).state(),
                new Observation.ToolsRan(Map.of("a", ToolResult.success("A")))).state();
        assertEquals(RunOutcome.TURN_LIMIT, afterOneTurn.outcome());
        assertEquals(4, afterOneTurn.transcript().size(), "system, user, assistant, tool");

        RunMachine<String> budgeted = agent().budget(Budget.tokens(15)).build().machine();
        RunState spent = budgeted.next(budgeted.next(start(), answer(AssistantMessage.ofToolCalls(List.of(A)))).state(),
                new Observation.ToolsRan(Map.of("a", ToolResult.success("A")))).state();
        assertEquals(RunOutcome.BUDGET_EXCEEDED, spent.outcome());
    }

    @Test
    void aCutOffAnswerEndsTheRunWithoutItsCalls() {
        RunMachine<String> machine = agent().build().machine();
        ModelResponse cut = new ModelResponse(AssistantMessage.ofToolCalls(List.of(A)), FinishReason.LENGTH,
                Usage.UNKNOWN, null, null);
        RunMachine.Decision<String> decision = machine.next(start(), new Observation.ModelAnswered(cut));
        assertEquals(RunOutcome.LENGTH, decision.state().outcome());
        AssistantMessage last = (AssistantMessage) decision.state().transcript().get(2);
        assertTrue(last.toolCalls().isEmpty());
    }

    @Test
    void aStopInTheMiddleOfATurnAnswersEveryOpenCallSoTheTranscriptStaysValid() {
        RunMachine<String> machine = agent().build().machine();
        RunState running = machine.next(machine.next(start(), answer(AssistantMessage.ofToolCalls(List.of(A, B)))).state(),
                new Observation.ToolsRan(Map.of("a", ToolResult.success("A")))).state();
        RunMachine.Decision<String> stopped = machine.next(running,
                new Observation.Stopped(RunOutcome.CANCELLED, "the run was cancelled"));
        assertEquals(new Step.Finish(RunOutcome.CANCELLED, "the run was cancelled"), stopped.step());
        List<Message> transcript = stopped.state().transcript();
        assertEquals(new ToolMessage("a", "lookup", "A", false), transcript.get(3));
        ToolMessage notRun = (ToolMessage) transcript.get(4);
        assertTrue(notRun.error() && notRun.content().startsWith("Not run"), notRun.content());
    }

    @Test
    void theLoopGuardRefusesTheThirdSameCallAndEndsTheRunAtTheFourth() {
        RunMachine<String> machine = agent().loopGuard(3).build().machine();
        RunState state = start();
        for (int turn = 1; turn <= 3; turn++) {
            ToolCall call = ToolCall.of("c" + turn, "lookup", "{\"key\":\"a\"}");
            RunMachine.Decision<String> decision = machine.next(state, answer(AssistantMessage.ofToolCalls(List.of(call))));
            if (turn < 3) {
                assertEquals(new Step.RunCalls(List.of(call)), decision.step());
                decision = machine.next(decision.state(), new Observation.ToolsRan(Map.of(call.id(), ToolResult.success("A"))));
            } else {
                assertInstanceOf(Step.AskModel.class, decision.step(), "the third same call is not run");
                ToolMessage refused = (ToolMessage) decision.state().transcript().get(decision.state().transcript().size() - 1);
                assertTrue(refused.error() && refused.content().contains("change approach"), refused.content());
            }
            state = decision.state();
        }
        RunMachine.Decision<String> fourth = machine.next(state,
                answer(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c4", "lookup", "{\"key\":\"a\"}")))));
        assertEquals(RunOutcome.LOOP_DETECTED, fourth.state().outcome());
        assertNull(fourth.output());
    }

    @Test
    void aForcedToolChoiceHoldsForTheFirstRequestOnly() {
        RunMachine<String> machine = agent().toolChoice(ToolChoice.REQUIRED).build().machine();
        Step.AskModel first = (Step.AskModel) machine.next(start()).step();
        assertEquals(ToolChoice.REQUIRED, first.settings().toolChoice());
        RunState afterCall = machine.next(machine.next(start(), answer(AssistantMessage.ofToolCalls(List.of(A)))).state(),
                new Observation.ToolsRan(Map.of("a", ToolResult.success("A")))).state();
        Step.AskModel second = (Step.AskModel) machine.next(afterCall).step();
        assertNull(second.settings().toolChoice());
    }
}
