package dev.corvid.temporal;

import dev.corvid.agent.RunState;
import dev.corvid.model.Message;
import dev.corvid.model.Transcript;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.GlobalDataConverter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Starts durable agent runs on a Temporal task queue and finds runs already started: the client side of
 * {@link CorvidWorker}.
 *
 * <pre>{@code
 * DurableRuns runs = DurableRuns.of(client, "corvid-runs");
 * DurableRun<String> run = runs.start("Rename the config key and fix its readers");
 * RunResult<String> result = run.result();
 * }</pre>
 *
 * <p>The run's id is its workflow id: keep it to follow, answer or cancel the run from any process. The
 * agent's instructions are put first by the worker. Thread-safe.
 */
public final class DurableRuns {

    private final WorkflowClient client;
    private final String taskQueue;

    private DurableRuns(WorkflowClient client, String taskQueue) {
        this.client = client;
        this.taskQueue = taskQueue;
    }

    /**
     * Returns the runs of a task queue.
     *
     * @param client a client built with {@link CorvidPayloads#dataConverter()}
     * @param taskQueue the queue the workers of {@link CorvidWorker} poll
     * @return the runs
     * @throws IllegalArgumentException when the client is null or uses Temporal's default data converter,
     *     or the task queue is blank
     */
    public static DurableRuns of(WorkflowClient client, String taskQueue) {
        if (client == null) {
            throw new IllegalArgumentException("client must not be null");
        }
        if (taskQueue == null || taskQueue.isBlank()) {
            throw new IllegalArgumentException("taskQueue must name the queue the Corvid workers poll");
        }
        if (client.getOptions().getDataConverter() == GlobalDataConverter.get()) {
            throw new IllegalArgumentException("the client uses Temporal's default data converter, which cannot write "
                    + "Corvid's run state; build it with WorkflowClientOptions.newBuilder()"
                    + ".setDataConverter(CorvidPayloads.dataConverter())");
        }
        return new DurableRuns(client, taskQueue);
    }

    /**
     * Starts a run on a prompt.
     *
     * @param prompt what the user asks; never null
     * @return the run's handle
     */
    public DurableRun<String> start(String prompt) {
        return start(List.of(), prompt, String.class);
    }

    /**
     * Starts a run continuing a conversation.
     *
     * @param history the conversation so far; never null
     * @param prompt what the user asks now; never null
     * @return the run's handle
     */
    public DurableRun<String> start(List<Message> history, String prompt) {
        return start(history, prompt, String.class);
    }

    /**
     * Starts a run with a structured answer; the worker must have the type on its class path.
     *
     * @param history the conversation so far; never null
     * @param prompt what the user asks now; never null
     * @param type the answer's record or class, or {@code String.class} for text
     * @param <T> the answer's type
     * @return the run's handle
     */
    public <T> DurableRun<T> start(List<Message> history, String prompt, Class<T> type) {
        if (prompt == null) {
            throw new IllegalArgumentException("prompt must not be null");
        }
        if (history == null) {
            throw new IllegalArgumentException("history must not be null; pass List.of() for a new conversation");
        }
        List<Message> transcript = new ArrayList<>(Transcript.repaired(history));
        transcript.add(Message.user(prompt));
        return launch(RunState.start(UUID.randomUUID().toString(), transcript), type, false);
    }

    /**
     * Continues a saved state as a durable run, such as the state of an in-process run that must now wait
     * for a person: the run's id becomes the workflow id.
     *
     * @param state the state; never null
     * @param type the answer's type, as when the run started
     * @param <T> the answer's type
     * @return the run's handle
     */
    public <T> DurableRun<T> resume(RunState state, Class<T> type) {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        return launch(state, type, true);
    }

    /**
     * Returns the handle of a run started earlier, here or in another process.
     *
     * @param runId the run's id
     * @param type the answer's type, as when the run started
     * @param <T> the answer's type
     * @return the run's handle
     */
    public <T> DurableRun<T> find(String runId, Class<T> type) {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("runId must name a run");
        }
        requireType(type);
        return new DurableRun<>(runId, client.newUntypedWorkflowStub(runId), type);
    }

    private <T> DurableRun<T> launch(RunState state, Class<T> type, boolean resumed) {
        requireType(type);
        WorkflowStub stub = client.newUntypedWorkflowStub(AgentWorkflow.TYPE, WorkflowOptions.newBuilder()
                .setWorkflowId(state.runId())
                .setTaskQueue(taskQueue)
                .build());
        String answerType = type == String.class ? null : type.getName();
        stub.start(new RunInput(state, answerType, resumed, 0, List.of(), 0));
        return new DurableRun<>(state.runId(), stub, type);
    }

    private static void requireType(Class<?> type) {
        if (type == null) {
            throw new IllegalArgumentException("type must not be null; use String.class for a text answer");
        }
    }
}
