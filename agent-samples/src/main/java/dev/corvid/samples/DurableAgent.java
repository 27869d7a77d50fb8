package dev.corvid.samples;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunResult;
import dev.corvid.model.ModelException;
import dev.corvid.openai.OpenAiCompatibleModel;
import dev.corvid.temporal.CorvidPayloads;
import dev.corvid.temporal.CorvidWorker;
import dev.corvid.temporal.DurableEvent;
import dev.corvid.temporal.DurableRun;
import dev.corvid.temporal.DurableRuns;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs the {@link RemoteAgent} agent as a durable run on a Temporal service at {@code localhost:7233}
 * (start one with {@code temporal server start-dev}), with a worker in this same process: the run
 * survives in the service, and its events are followed by query while it goes on. The agent, the model's
 * environment variables and the prompt are those of {@link RemoteAgent}.
 */
public final class DurableAgent {

    /** The task queue the sample's worker polls. */
    public static final String TASK_QUEUE = "corvid-durable-sample";

    private DurableAgent() {
    }

    /**
     * Puts the agent on a worker of the client, runs the prompt durably and returns its result, telling
     * {@code progress} each event as it is recorded.
     *
     * @param client a client built with {@link CorvidPayloads#dataConverter()}
     * @param agent the agent
     * @param prompt what the user asks
     * @param progress hears a line per event
     * @return the run's result
     */
    public static RunResult<String> run(WorkflowClient client, Agent agent, String prompt, Consumer<String> progress) {
        WorkerFactory factory = WorkerFactory.newInstance(client);
        CorvidWorker.register(factory.newWorker(TASK_QUEUE), agent);
        factory.start();
        try {
            DurableRun<String> run = DurableRuns.of(client, TASK_QUEUE).start(prompt);
            progress.accept("started run " + run.runId());
            long seen = -1;
            while (true) {
                try {
                    RunResult<String> result = run.result(Duration.ofMillis(200));
                    print(run.events(seen), progress);
                    return result;
                } catch (TimeoutException stillRunning) {
                    List<DurableEvent> events = run.events(seen);
                    print(events, progress);
                    if (!events.isEmpty()) {
                        seen = events.get(events.size() - 1).index();
                    }
                }
            }
        } finally {
            factory.shutdown();
            factory.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static void print(List<DurableEvent> events, Consumer<String> progress) {
        for (DurableEvent event : events) {
            progress.accept("[" + event.index() + "] turn " + event.turn() + " " + event.kind()
                    + (event.tool() == null ? "" : " " + event.tool())
                    + (event.detail() == null ? "" : ": " + event.detail()));
        }
    }

    public static void main(String[] args) {
        OpenAiCompatibleModel.Builder builder = RemoteAgent.modelFromEnvironment();
        if (builder == null) {
            System.err.println("Set CORVID_BASE_URL, CORVID_MODEL and CORVID_API_KEY_ENV as for RemoteAgent, and start "
                    + "a Temporal service with `temporal server start-dev`.");
            System.exit(2);
        }
        WorkflowServiceStubs service = WorkflowServiceStubs.newLocalServiceStubs();
        WorkflowClient client = WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder()
                .setDataConverter(CorvidPayloads.dataConverter()).build());
        try (OpenAiCompatibleModel chatModel = builder.build()) {
            RunResult<String> result = run(client, RemoteAgent.agent(chatModel), RemoteAgent.prompt(args),
                    System.err::println);
            System.out.println(result.isAnswered() ? result.output() : "No answer: " + result.detail());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (ModelException e) {
            System.err.println("The provider failed: " + e.getMessage());
            System.exit(3);
        } finally {
            service.shutdown();
        }
    }
}
