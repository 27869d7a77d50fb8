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
    void aWorkerStoppedAfterItsActivitiesIsReplacedAndTheRunFinishesWithoutRepeatingThem() throws Exception {
        Desk first = new Desk();
        ScriptedChatModel firstModel = ScriptedChatModel.builder()
                .callTools(ToolCall.of("call_add", "add", "{\"a\": 1, \"b\": 2}"),
                        ToolCall.of("call_weather", "weather", "{\"city\": \"Rome\"}"))
                .callTool("weather", "{\"city\": \"Oslo\"}")
                .answer("unused: this worker is gone by then")
                .build();
        // Turn 2's call waits for a person: the run is parked there while its worker goes away.
        ToolApprover askForOslo = call -> call.arguments().contains("Oslo") ? ToolApprover.Approval.defer()
                : ToolApprover.Approval.allow();
        WorkerFactory stopped = temporal.worker(Agent.builder().model(firstModel).tools(first).approver(askForOslo)
                .build());
        DurableRun<String> run = temporal.runs.start("Add, then two cities.");
        Temporal.await("the Oslo call awaits a person", () -> run.events(-1).stream()
                .anyMatch(event -> event.kind() == DurableEvent.Kind.APPROVAL_REQUESTED));

        stopped.shutdown();
        stopped.awaitTermination(20, TimeUnit.SECONDS);
        assertTrue(stopped.isTerminated(), "the first worker stopped");
        absorbPollsOfStoppedWorkers();
        Desk second = new Desk();
        ScriptedChatModel secondModel = ScriptedChatModel.builder().answer("3, sunny in Rome and Oslo.").build();
        temporal.worker(Agent.builder().model(secondModel).tools(second).approver(askForOslo).build());
        run.approve("call_1");
        RunResult<String> result = run.result();

        assertEquals(RunOutcome.ANSWERED, result.outcome());
        assertEquals("3, sunny in Rome and Oslo.", result.output());
        assertEquals(1, first.runs("call_add"), "the completed calls ran once");
        assertEquals(1, first.runs("call_weather"));
        assertEquals(0, second.runs("call_add"), "and were not repeated by the new worker");
        assertEquals(0, second.runs("call_weather"));
        assertEquals(1, second.runs("call_1"), "the approved call ran on the new worker");
        assertEquals(2, firstModel.requests().size());
        assertEquals(1, secondModel.requests().size(), "the model's earlier answers were not asked for again");
        List<ToolMessage> results = result.transcript().stream().filter(ToolMessage.class::isInstance)
                .map(ToolMessage.class::cast).toList();
        assertEquals(List.of("3", "sunny in Rome", "sunny in Oslo"), results.stream().map(ToolMessage::content).toList());
    }

    /**
     * Feeds the long polls that the stopped worker left open to throwaway workflows. The in-memory test
     * server keeps the polls of a stopped worker and hands them tasks that nobody then runs, where a real
     * service cancels them on shutdown and times out a lost task; without this the run's next workflow task
     * could go to a dead poll and wait forever.
     */
    private void absorbPollsOfStoppedWorkers() {
        List<WorkflowStub> decoys = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            WorkflowStub decoy = temporal.env.getWorkflowClient().newUntypedWorkflowStub("Decoy",
                    io.temporal.client.WorkflowOptions.newBuilder().setTaskQueue(Temporal.QUEUE)
                            .setWorkflowId("decoy-" + i).build());
            decoy.start();
            decoys.add(decoy);
        }
        decoys.forEach(decoy -> decoy.terminate("only absorbs a stopped worker's polls"));
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
