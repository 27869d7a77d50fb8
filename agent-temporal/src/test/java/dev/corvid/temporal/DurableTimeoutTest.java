package dev.corvid.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunOutcome;
import dev.corvid.agent.RunResult;
import dev.corvid.agent.ToolApprover;
import dev.corvid.model.ToolCall;
import dev.corvid.model.ToolMessage;
import dev.corvid.model.Transcript;
import dev.corvid.testing.ScriptedChatModel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent's run timeout in durable runs: a workflow timer that ends the run through the machine. */
class DurableTimeoutTest {

    private final Temporal temporal = new Temporal();
    private final Desk desk = new Desk();

    @AfterEach
    void close() {
        temporal.close();
    }

    private static List<ToolMessage> toolMessages(RunResult<?> result) {
        return result.transcript().stream().filter(ToolMessage.class::isInstance).map(ToolMessage.class::cast).toList();
    }

    @Test
    void aRunWaitingForAnApprovalPastItsTimeoutEndsAsTimedOutWithTheCallAnsweredAsNotRun() {
        temporal.worker(Agent.builder().model(ScriptedChatModel.builder().callTool("weather", "{\"city\": \"Oslo\"}")
                .answer("never").build()).tools(desk).approver(ToolApprover.DEFER_ALL)
                .runTimeout(Duration.ofMinutes(10)).build());
        long before = temporal.env.currentTimeMillis();
        DurableRun<String> run = temporal.runs.start("Weather in Oslo?");

        RunResult<String> result = run.result();

        assertEquals(RunOutcome.TIMEOUT, result.outcome());
        assertEquals("the run took longer than its timeout of PT10M", result.detail());
        assertTrue(temporal.env.currentTimeMillis() - before >= Duration.ofMinutes(10).toMillis(),
                "the timeout passed in workflow time, skipped by the test service");
        assertEquals(0, desk.runs("call_1"));
        assertEquals(Transcript.NOT_RUN, toolMessages(result).get(0).content());
        assertEquals(DurableEvent.Kind.RUN_FINISHED, run.events(-1).get(run.events(-1).size() - 1).kind());
        assertTrue(run.events(-1).get(run.events(-1).size() - 1).detail().startsWith("TIMEOUT"));
    }

    @Test
    void aTimeoutDuringToolCallsKeepsTheResultsOfTheCallsThatFinished() {
        temporal.worker(Agent.builder().model(ScriptedChatModel.builder()
                        .callTools(ToolCall.of("call_add", "add", "{\"a\": 2, \"b\": 3}"), ToolCall.of("call_wait", "wait", "{}"))
                        .answer("never").build())
                .tools(desk).runTimeout(Duration.ofSeconds(5)).build(),
                DurableOptions.builder().heartbeatTimeout(Duration.ofSeconds(3)).build());

        RunResult<String> result = temporal.runs.start("Add, then wait.").result();

        assertEquals(RunOutcome.TIMEOUT, result.outcome());
        List<ToolMessage> tools = toolMessages(result);
        assertEquals("5", tools.get(0).content(), "the add call finished before the timeout and keeps its result");
        assertFalse(tools.get(0).error());
        assertEquals(Transcript.NOT_RUN, tools.get(1).content());
        assertEquals(1, desk.runs("call_wait"), "the waiting call had started, and was stopped");
    }

    @Test
    void aRunThatEndsInTimeIsNotTouchedByItsTimeout() {
        temporal.worker(Agent.builder().model(ScriptedChatModel.builder().callTool("add", "{\"a\": 1, \"b\": 1}")
                .answer("2").build()).tools(desk).runTimeout(Duration.ofHours(1)).build());

        RunResult<String> result = temporal.runs.start("1 + 1?").result();

        assertEquals(RunOutcome.ANSWERED, result.outcome());
        assertEquals("2", result.output());
    }
}
