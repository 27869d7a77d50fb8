package dev.corvid.temporal;

import dev.corvid.agent.Agent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** An in-memory Temporal service with time skipping, its workers, and the runs of one task queue. */
final class Temporal implements AutoCloseable {

    static final String QUEUE = "corvid-test";

    final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
            .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
                    .setDataConverter(CorvidPayloads.dataConverter())
                    .build())
            .build());
    final DurableRuns runs = DurableRuns.of(env.getWorkflowClient(), QUEUE);
    private final List<WorkerFactory> factories = new ArrayList<>();

    /** Starts a worker process of its own for the agent: a factory that can be stopped alone. */
    WorkerFactory worker(Agent agent) {
        return worker(agent, DurableOptions.DEFAULT);
    }

    WorkerFactory worker(Agent agent, DurableOptions options) {
        return worker("corvid-test-worker", agent, options);
    }

    /**
     * Starts a worker process under an identity of its own, as the service records it in the history of
     * each task the worker took.
     */
    WorkerFactory worker(String identity, Agent agent, DurableOptions options) {
        WorkflowClient client = WorkflowClient.newInstance(env.getWorkflowServiceStubs(),
                WorkflowClientOptions.newBuilder(env.getWorkflowClient().getOptions()).setIdentity(identity).build());
        // No workflow cache: every workflow task replays the history from the start, which checks determinism
        // all the time. And no sticky queue, which the SDK asks for even without a cache: the in-memory service
        // never moves a task off the sticky queue of a stopped worker (it has no sticky schedule-to-start
        // timeout, and its ShutdownWorker does nothing), so the worker that replaces it would wait forever.
        WorkerFactory factory = WorkerFactory.newInstance(client,
                WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build());
        CorvidWorker.register(factory.newWorker(QUEUE, WorkerOptions.newBuilder()
                .setStickyQueueScheduleToStartTimeout(Duration.ZERO).build()), agent, options);
        factory.start();
        factories.add(factory);
        return factory;
    }

    /** Waits, in real time and at most 20 s, until the condition holds. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what);
            }
        }
    }

    @Override
    public void close() {
        for (WorkerFactory factory : factories) {
            factory.shutdownNow();
        }
        env.close();
    }
}
