package dev.corvid.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunOutcome;
import dev.corvid.agent.RunResult;
import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ModelResponse;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
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
     * Worker A runs the first model call and the add call, and is stopped (shutdownNow, awaitTermination)
     * during the second model call; worker B, a factory of its own under another identity on the same queue,
     * takes the retry of that call and the rest of the run. The helper's workers use no sticky queue: the
     * in-memory service would keep the run's next workflow task on A's sticky queue forever, where a real
     * service moves it to the normal queue after the sticky schedule-to-start timeout.
     */
    @Test
    void aWorkerStoppedAfterItsFirstToolCallIsReplacedByANewWorkerThatFinishesTheRunWithoutRepeatingTheCall()
            throws InterruptedException {
        RunResult<String> inProcess = agent(ScriptedChatModel.builder().callTools(ADD).callTools(WEATHER)
                .answer("5, and sunny in Paris.").build(), new Desk()).run(PROMPT);
        // Worker A: asks the model, runs the add call, and is stopped while it asks the model again.
        CountDownLatch secondRequest = new CountDownLatch(1);
        AtomicInteger requestsA = new AtomicInteger();
        ScriptedChatModel modelA = ScriptedChatModel.answering(request -> {
            if (requestsA.incrementAndGet() == 1) {
                return ModelResponse.of(AssistantMessage.ofToolCalls(List.of(ADD)));
            }
            // Every later request hangs until the worker stops under it, as a slow provider would.
            secondRequest.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(1).toMillis());
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
            throw new TransportException("the connection was closed as the worker stopped", 0, null, true, null);
        });
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

    /*
     * Worker A is stopped while a tool call runs on it. The call is not recorded as the tool's failure: it
     * goes back to the service, which gives it to worker B as a later attempt, with the same idempotency
     * key, and the run ends with B's result.
     */
    @Test
    void aWorkerStoppedDuringAToolCallLeavesTheCallToTheNextWorkerWithTheSameIdempotencyKey()
            throws InterruptedException {
        ToolCall wait = ToolCall.of("call_wait", "wait", "{}");
        Desk deskA = new Desk();
        DurableOptions options = DurableOptions.builder().heartbeatTimeout(Duration.ofSeconds(3)).build();
        WorkerFactory workerA = temporal.worker("worker-a", agent(ScriptedChatModel.builder().callTools(wait)
                .answer("never").build(), deskA), options);
        DurableRun<String> run = temporal.runs.start("Wait for it.");
        assertTrue(deskA.waiting.await(20, TimeUnit.SECONDS), "worker A started the call");

        workerA.shutdownNow();
        workerA.awaitTermination(20, TimeUnit.SECONDS);
        assertTrue(workerA.isTerminated(), "worker A stopped");
        Desk deskB = new Desk();
        deskB.hurried = true;
        ScriptedChatModel modelB = ScriptedChatModel.builder().answer("It is done.").build();
        temporal.worker("worker-b", agent(modelB, deskB), options);
        RunResult<String> result = run.result();

        assertEquals(RunOutcome.ANSWERED, result.outcome(), result.detail());
        assertEquals("It is done.", result.text());
        List<ToolMessage> tools = result.transcript().stream().filter(ToolMessage.class::isInstance)
                .map(ToolMessage.class::cast).toList();
        assertEquals(1, tools.size(), tools.toString());
        assertEquals("done at once", tools.get(0).content(), "the result is B's, not A's interruption");
        assertEquals(1, deskB.waitKeys.size(), deskB.waitKeys.toString());
        // A stopping worker may still take the retry its poll asked for, and give it back too.
        assertTrue(deskA.waitKeys.stream().allMatch(deskB.waitKeys.get(0)::equals),
                "every attempt had the same idempotency key: " + deskA.waitKeys + " " + deskB.waitKeys);
        List<Started> attempts = started(temporal.env.getWorkflowClient().fetchHistory(run.runId()).getEvents())
                .stream().filter(task -> task.activity().equals("CorvidTool")).toList();
        // The service records only the last attempt of an activity that was tried again.
        assertEquals(1, attempts.size(), attempts.toString());
        assertEquals("worker-b", attempts.get(0).identity());
        assertTrue(attempts.get(0).attempt() >= 2, "B's was a retry of A's attempt: " + attempts);
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
