package dev.corvid.temporal;

import dev.corvid.agent.Agent;
import io.temporal.worker.Worker;

/**
 * Puts an agent on a Temporal worker, so that the worker serves the durable runs started on its task
 * queue: the {@link AgentWorkflow} and the activities that call the agent's model, tools and approver.
 *
 * <pre>{@code
 * WorkflowClient client = WorkflowClient.newInstance(service,
 *         WorkflowClientOptions.newBuilder().setDataConverter(CorvidPayloads.dataConverter()).build());
 * WorkerFactory factory = WorkerFactory.newInstance(client);
 * CorvidWorker.register(factory.newWorker("corvid-runs"), agent);
 * factory.start();
 * }</pre>
 *
 * <p>Every worker of a task queue must be given an agent of the same configuration; the runs' decisions
 * follow from it, so a change to the agent's limits or instructions reaches running workflows at their next
 * step, and a change to Corvid's decision function must pass the replay test before it is deployed.
 */
public final class CorvidWorker {

    private CorvidWorker() {
    }

    /**
     * Registers the workflow and activities of durable runs with the default {@link DurableOptions}.
     *
     * @param worker a worker of a factory whose client uses {@link CorvidPayloads#dataConverter()}
     * @param agent the agent that runs; the application keeps and closes it
     * @throws IllegalArgumentException when an argument is null
     */
    public static void register(Worker worker, Agent agent) {
        register(worker, agent, DurableOptions.DEFAULT);
    }

    /**
     * Registers the workflow and activities of durable runs.
     *
     * @param worker a worker of a factory whose client uses {@link CorvidPayloads#dataConverter()}
     * @param agent the agent that runs; the application keeps and closes it
     * @param options timeouts, retries and limits of the activities
     * @throws IllegalArgumentException when an argument is null
     */
    public static void register(Worker worker, Agent agent, DurableOptions options) {
        if (worker == null || agent == null || options == null) {
            throw new IllegalArgumentException("register needs a worker, an agent and options (DurableOptions.DEFAULT)");
        }
        // Fails here, not at the first run, when this agent-core does not fit.
        AgentAccess.instructions(agent);
        worker.registerWorkflowImplementationFactory(AgentWorkflow.class, () -> new RunWorkflow(agent, options));
        worker.registerActivitiesImplementations(new WorkerActivities(agent, options));
    }
}
