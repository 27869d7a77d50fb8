package dev.corvid.temporal;

import dev.corvid.agent.RunState;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * The Temporal workflow of one durable agent run: it holds the run's {@link RunState}, asks the agent's
 * {@link dev.corvid.agent.RunMachine} what to do next, and carries out every side effect (the model call,
 * each tool call, the approver's review) as an activity.
 *
 * <p>Start runs through {@link DurableRuns}; a worker serves them once {@link CorvidWorker#register} has
 * given it the agent. Approvals arrive as signals, kept when they come early, or as updates, which the run
 * turns away unless their call waits for a person. Cancelling the workflow ends the run with {@link dev.corvid.agent.RunOutcome#CANCELLED}
 * and its calls answered as not run.
 */
@WorkflowInterface
public interface AgentWorkflow {

    /** The workflow type under which runs are started. */
    String TYPE = "CorvidRun";

    /**
     * Runs the agent from the given state to its end.
     *
     * @param input where the run starts
     * @return the run's final state
     */
    @WorkflowMethod(name = TYPE)
    RunState run(RunInput input);

    /**
     * Allows a call that waits for approval; an answer for a call that does not wait yet is kept until it
     * does.
     *
     * @param callId the call's id, as in {@link RunState#awaitingApproval()}
     */
    @SignalMethod(name = "approve")
    void approve(String callId);

    /**
     * Denies a call that waits for approval; the model is told the reason.
     *
     * @param callId the call's id
     * @param reason why, for the model; blank for "no reason given"
     */
    @SignalMethod(name = "deny")
    void deny(String callId, String reason);

    /**
     * Allows the call that waits for a person, as an update: {@link #validateApproveCall} turns away an id
     * that does not wait, before anything is recorded.
     *
     * @param callId the call's id
     */
    @UpdateMethod(name = "approveCall")
    void approveCall(String callId);

    /**
     * Rejects an approval by update unless its call waits for a person now.
     *
     * @param callId the call's id
     * @throws IllegalArgumentException when no call of that id waits for a person
     */
    @UpdateValidatorMethod(updateName = "approveCall")
    void validateApproveCall(String callId);

    /**
     * Denies the call that waits for a person, as an update; the model is told the reason.
     *
     * @param callId the call's id
     * @param reason why, for the model; blank for "no reason given"
     */
    @UpdateMethod(name = "denyCall")
    void denyCall(String callId, String reason);

    /**
     * Rejects a denial by update unless its call waits for a person now.
     *
     * @param callId the call's id
     * @param reason why, for the model
     * @throws IllegalArgumentException when no call of that id waits for a person
     */
    @UpdateValidatorMethod(updateName = "denyCall")
    void validateDenyCall(String callId, String reason);

    /**
     * Returns the run's state after its last step.
     *
     * @return the state; null before the run started
     */
    @QueryMethod(name = "state")
    RunState state();

    /**
     * Returns the run's events after an index, oldest first, for a client that follows the run.
     *
     * @param after the index of the last event already seen; -1 for all kept events
     * @return the events, at most {@value DurableEvent#PAGE} of them
     */
    @QueryMethod(name = "events")
    List<DurableEvent> events(long after);
}
