package dev.corvid.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunOutcome;
import dev.corvid.agent.RunResult;
import dev.corvid.agent.ToolApprover;
import dev.corvid.model.ToolCall;
import dev.corvid.model.ToolMessage;
import dev.corvid.model.Transcript;
import dev.corvid.testing.ScriptedChatModel;
import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DurableApprovalTest {

    private final Temporal temporal = new Temporal();
    private final Desk desk = new Desk();

    @AfterEach
    void close() {
        temporal.close();
    }

    private ScriptedChatModel model(String answer) {
        return ScriptedChatModel.builder().callTool("weather", "{\"city\": \"Oslo\"}").answer(answer).build();
    }

    private static List<ToolMessage> toolMessages(RunResult<?> result) {
        return result.transcript().stream().filter(ToolMessage.class::isInstance).map(ToolMessage.class::cast).toList();
    }

    private DurableRun<String> startAwaiting(Agent.Builder agent) {
        temporal.worker(agent.tools(desk).build());
        DurableRun<String> run = temporal.runs.start("Weather in Oslo?");
        Temporal.await("the call awaits approval", () -> !run.state().awaitingApproval().isEmpty());
        return run;
    }

    @Test
    void anApprovalSignalledAnHourLaterResumesTheRun() {
        DurableRun<String> run = startAwaiting(Agent.builder().model(model("Sunny in Oslo."))
                .approver(ToolApprover.DEFER_ALL));
        assertEquals(0, desk.runs("call_1"), "nothing runs before the approval");
        long before = temporal.env.currentTimeMillis();

        temporal.env.sleep(Duration.ofHours(1));
        run.approve("call_1");
        RunResult<String> result = run.result();

        assertTrue(temporal.env.currentTimeMillis() - before >= Duration.ofHours(1).toMillis());
        assertEquals(RunOutcome.ANSWERED, result.outcome());
        assertEquals("Sunny in Oslo.", result.output());
        assertEquals(1, desk.runs("call_1"));
        assertEquals("sunny in Oslo", toolMessages(result).get(0).content());
        assertTrue(run.events(-1).stream().anyMatch(event -> event.kind() == DurableEvent.Kind.APPROVAL_REQUESTED
                && "call_1".equals(event.callId())));
    }

    @Test
    void aDenialTellsTheModelTheReasonAndTheToolNeverRuns() {
        ScriptedChatModel model = model("I will not look it up.");
        DurableRun<String> run = startAwaiting(Agent.builder().model(model).approver(ToolApprover.DEFER_ALL));

        run.deny("call_1", "no lookups today");
        RunResult<String> result = run.result();

        assertEquals(RunOutcome.ANSWERED, result.outcome());
        assertEquals(0, desk.runs("call_1"));
        ToolMessage denied = toolMessages(result).get(0);
        assertTrue(denied.error());
        assertTrue(denied.content().contains("no lookups today"), denied.content());
        assertTrue(run.events(-1).stream().anyMatch(event -> event.kind() == DurableEvent.Kind.TOOL_CALL_DENIED
                && "no lookups today".equals(event.detail())));
    }

    @Test
    void nobodyAnsweringWithinTheApprovalTimeoutDeniesTheCall() {
        DurableRun<String> run = startAwaiting(Agent.builder().model(model("Nobody answered."))
                .approver(ToolApprover.DEFER_ALL).approvalTimeout(Duration.ofMinutes(30)));

        RunResult<String> result = run.result();

        assertEquals(0, desk.runs("call_1"));
        assertTrue(toolMessages(result).get(0).content().contains("nobody answered within the approval timeout"),
                toolMessages(result).get(0).content());
    }

    @Test
    void anApproverThatDecidesAtOnceNeedsNoSignal() {
        temporal.worker(Agent.builder().model(model("Checked.")).tools(desk)
                .approver(call -> ToolApprover.Approval.deny("weather is off limits")).build());

        RunResult<String> result = temporal.runs.start("Weather in Oslo?").result();

        assertEquals(0, desk.runs("call_1"));
        assertTrue(toolMessages(result).get(0).content().contains("weather is off limits"));
    }

    @Test
    void cancellingTheWorkflowEndsTheRunAsCancelledWithItsCallAnsweredAsNotRun() {
        DurableRun<String> run = startAwaiting(Agent.builder().model(model("never")).approver(ToolApprover.DEFER_ALL));

        run.cancel();
        RunResult<String> result = run.result();

        assertEquals(RunOutcome.CANCELLED, result.outcome());
        assertEquals(0, desk.runs("call_1"));
        assertEquals(Transcript.NOT_RUN, toolMessages(result).get(0).content());
    }

    @Test
    void cancellingDuringAToolCallStopsTheTool() throws InterruptedException {
        temporal.worker(Agent.builder().model(ScriptedChatModel.builder().callTool("wait", "{}").answer("never").build())
                .tools(desk).build(), DurableOptions.builder().heartbeatTimeout(Duration.ofSeconds(3)).build());
        DurableRun<String> run = temporal.runs.start("Wait.");
        assertTrue(desk.waiting.await(20, java.util.concurrent.TimeUnit.SECONDS), "the tool started");

        run.cancel();
        RunResult<String> result = run.result();

        assertEquals(RunOutcome.CANCELLED, result.outcome());
        assertEquals(Transcript.NOT_RUN, toolMessages(result).get(0).content());
    }

    private DurableRun<String> startWaitingForAPerson(ScriptedChatModel model) {
        DurableRun<String> run = startAwaiting(Agent.builder().model(model).approver(ToolApprover.DEFER_ALL));
        Temporal.await("the call waits for a person", () -> run.events(-1).stream()
                .anyMatch(event -> event.kind() == DurableEvent.Kind.APPROVAL_REQUESTED));
        return run;
    }

    private long updatesAccepted(DurableRun<String> run) {
        return temporal.env.getWorkflowClient().fetchHistory(run.runId()).getEvents().stream()
                .filter(event -> event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
                .count();
    }

    @Test
    void anApprovalByUpdateForACallThatDoesNotWaitIsTurnedAwayAndTheRunGoesOnWaiting() {
        DurableRun<String> run = startWaitingForAPerson(model("Sunny in Oslo."));

        IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
                () -> run.approveWaiting("call_9"));

        assertTrue(rejected.getMessage().contains("'call_9'") && rejected.getMessage().contains("call_1"),
                rejected.getMessage());
        assertEquals(0, updatesAccepted(run), "a rejected update leaves nothing in the history");
        assertEquals(List.of("call_1"), run.state().awaitingApproval().stream().map(ToolCall::id).toList());
        run.approveWaiting("call_1");
        RunResult<String> result = run.result();
        assertEquals(RunOutcome.ANSWERED, result.outcome());
        assertEquals(1, desk.runs("call_1"));
        assertEquals(1, updatesAccepted(run));
        assertThrows(IllegalArgumentException.class, () -> run.denyWaiting("call_1", "too late"),
                "an answered call waits no more");
    }

    @Test
    void aDenialByUpdateTellsTheModelTheReason() {
        DurableRun<String> run = startWaitingForAPerson(model("I will not look it up."));

        run.denyWaiting("call_1", "no lookups today");
        RunResult<String> result = run.result();

        assertEquals(0, desk.runs("call_1"));
        assertTrue(toolMessages(result).get(0).content().contains("no lookups today"));
    }
}
