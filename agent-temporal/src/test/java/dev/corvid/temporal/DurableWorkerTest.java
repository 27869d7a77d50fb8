package dev.corvid.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunOutcome;
import dev.corvid.agent.RunResult;
import dev.corvid.model.ToolCall;
import dev.corvid.model.ToolMessage;
import dev.corvid.model.TransportException;
import dev.corvid.model.Transcript;
import dev.corvid.testing.ScriptedChatModel;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

class DurableWorkerTest {

    private final Temporal temporal = new Temporal();

    @AfterEach
    void close() {
        temporal.close();
    }

    private static final ToolCall ADD = ToolCall.of("call_a", "add", "{\"a\": 2, \"b\": 3}");
    private static final ToolCall WEATHER = ToolCall.of("call_w", "weather", "{\"city\": \"Paris\"}");
    private static final String PROMPT = "Add 2 and 3, then the weather in Paris.";

    private static Agent agent(ScriptedChatModel model, Desk desk) {
        return Agent.builder().model(model).instructions("You are a careful clerk.").tools(desk).build();
    }

    /** One tool call per started activity task, as the service recorded it: the tool's call id and the worker. */
    private record Started(String activity, String identity, int attempt) {
    }

    private static List<Started> started(List<HistoryEvent> history) {
        Map<Long, String> scheduled = new HashMap<>();
        List<Started> started = new ArrayList<>();
        for (HistoryEvent event : history) {
            if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
                scheduled.put(event.getEventId(), event.getActivityTaskScheduledEventAttributes().getActivityType()
                        .getName());
            } else if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
                var attributes = event.getActivityTaskStartedEventAttributes();
                started.add(new Started(scheduled.get(attributes.getScheduledEventId()), attributes.getIdentity(),
                        attributes.getAttempt()));
            }
        }
        return started;
    }

    /*
     * Disabled because Temporal's in-memory test service (temporal-testing 1.39.0) does not hand workflow tasks
     * to a worker started after another worker of the same queue was stopped. Measured here: worker A ran the
     * first model call and the add call and was stopped (shutdownNow and awaitTermination: terminated) during
     * the second model call; that call's retry reached worker B as an activity task (attempt 3, identity
     * worker-b), but the workflow task scheduled on its completion was never started: the history ends at
     * WorkflowTaskScheduled on the normal queue (not a sticky one; the workflow cache is off), B's five
     * workflow pollers wait in PollWorkflowTaskQueue, and a third worker started later does not get it either.
     * The same happens when A is stopped idle, while its run waits for an approval signal, with shutdown() as
     * with shutdownNow(). The test service answers ShutdownWorker with an empty response and does not
     * advertise workerPollCompleteOnShutdown; the workflow task seems to go to a long poll of the stopped
     * worker that the service still holds (not confirmed in its source). The test was not run against a real
     * service: the dev-server download does not work on the build machines.
     */
    @Test
    @Disabled("the in-memory test service gives no workflow task to a worker started after one was stopped; "
            + "see the comment above")
    void aWorkerStoppedAfterItsFirstToolCallIsReplacedByANewWorkerThatFinishesTheRunWithoutRepeatingTheCall()
            throws InterruptedException {
        RunResult<String> inProcess = agent(ScriptedChatModel.builder().callTools(ADD).callTools(WEATHER)
                .answer("5, and sunny in Paris.").build(), new Desk()).run(PROMPT);
        // Worker A: asks the model, runs the add call, and is stopped while it asks the model again.
        CountDownLatch secondRequest = new CountDownLatch(1);
        ScriptedChatModel modelA = ScriptedChatModel.builder().callTools(ADD).reply(request -> {
            secondRequest.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(1).toMillis());
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
            throw new TransportException("the connection was closed as the worker stopped", 0, null, true, null);
        }).build();
        Desk deskA = new Desk();
        DurableOptions options = DurableOptions.builder().heartbeatTimeout(Duration.ofSeconds(3)).build();
        WorkerFactory workerA = temporal.worker("worker-a", agent(modelA, deskA), options);
        DurableRun<String> run = temporal.runs.start(PROMPT);
        assertTrue(secondRequest.await(20, TimeUnit.SECONDS), "worker A asked the model a second time");
        assertEquals(1, deskA.runs("call_a"), "worker A ran the add call");

        workerA.shutdownNow();
        workerA.awaitTermination(20, TimeUnit.SECONDS);
        assertTrue(workerA.isTerminated(), "worker A stopped");
        ScriptedChatModel modelB = ScriptedChatModel.builder().callTools(WEATHER).answer("5, and sunny in Paris.")
                .build();
        Desk deskB = new Desk();
        temporal.worker("worker-b", agent(modelB, deskB), options);
        RunResult<String> result = run.result();

        assertEquals(RunOutcome.ANSWERED, result.outcome());
        assertEquals(Transcript.toJson(inProcess.transcript()), Transcript.toJson(result.transcript()));
        assertEquals(1, deskA.runs("call_a"));
        assertEquals(0, deskB.runs("call_a"), "worker B never ran the call that A completed");
        assertEquals(1, deskB.runs("call_w"));
        assertEquals(0, deskA.runs("call_w"));
        assertEquals(2, modelB.requests().size(), "worker B asked the model the second and third time");
        assertTrue(modelB.requests().get(0).messages().stream().anyMatch(message -> message instanceof ToolMessage tool
                && tool.toolCallId().equals("call_a") && tool.content().equals("5")),
                "worker B's first request holds the result worker A got");
        List<HistoryEvent> history = temporal.env.getWorkflowClient().fetchHistory(run.runId()).getEvents();
        List<Started> tools = started(history).stream().filter(task -> task.activity().equals("CorvidTool")).toList();
        assertEquals(List.of(new Started("CorvidTool", "worker-a", 1), new Started("CorvidTool", "worker-b", 1)), tools,
                "each tool call was one activity task, taken once, the first by A and the second by B");
        List<Started> models = started(history).stream().filter(task -> task.activity().equals("CorvidModel")).toList();
        assertEquals("worker-b", models.get(1).identity(), "the interrupted model call went to B");
        assertTrue(models.get(1).attempt() >= 2, "and was a retry of A's attempt: " + models.get(1));
        HistoryEvent lastTask = history.stream()
                .filter(event -> event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
                .reduce((first, second) -> second).orElseThrow();
        assertEquals("worker-b", lastTask.getWorkflowTaskStartedEventAttributes().getIdentity());
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
