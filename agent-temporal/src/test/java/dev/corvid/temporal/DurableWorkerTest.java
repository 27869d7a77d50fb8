package dev.corvid.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunOutcome;
import dev.corvid.agent.RunResult;
import dev.corvid.agent.ToolApprover;
import dev.corvid.model.ToolCall;
import dev.corvid.model.ToolMessage;
import dev.corvid.model.Transcript;
import dev.corvid.testing.ScriptedChatModel;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DurableWorkerTest {

    private final Temporal temporal = new Temporal();

    @AfterEach
    void close() {
        temporal.close();
    }

    @Test
    void aLongRunContinuesAsNewAndEndsWithTheSameTranscript() {
        ScriptedChatModel.Builder script = ScriptedChatModel.builder();
        for (int i = 0; i < 12; i++) {
            script.callTool("add", "{\"a\": " + i + ", \"b\": 1}");
        }
        script.answer("Counted.");
        RunResult<String> inProcess = Agent.builder().model(script.build()).tools(new Desk()).maxTurns(20).build()
                .run("Count.");
        ScriptedChatModel.Builder again = ScriptedChatModel.builder();
        for (int i = 0; i < 12; i++) {
            again.callTool("add", "{\"a\": " + i + ", \"b\": 1}");
        }
        Desk desk = new Desk();
        temporal.worker(Agent.builder().model(again.answer("Counted.").build()).tools(desk).maxTurns(20).build(),
                DurableOptions.builder().continueAfterEvents(100).build());

        DurableRun<String> run = temporal.runs.start("Count.");
        RunResult<String> result = run.result();

        assertEquals(Transcript.toJson(inProcess.transcript()), Transcript.toJson(result.transcript()));
        assertEquals(12, desk.runsByCallId.size());
        assertTrue(desk.runsByCallId.values().stream().allMatch(count -> count.get() == 1));
        var last = temporal.env.getWorkflowClient().fetchHistory(run.runId());
        assertNotEquals("", last.getEvents().get(0).getWorkflowExecutionStartedEventAttributes()
                .getContinuedExecutionRunId(), "the last execution continued an earlier one");
        List<DurableEvent> events = run.events(-1);
        assertNotEquals(0, events.get(0).index(), "event indexes count on across executions");
        assertEquals(DurableEvent.Kind.RUN_FINISHED, events.get(events.size() - 1).kind());
    }
}
