package dev.corvid.temporal;

import dev.corvid.agent.RunState;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ToolCall;
import dev.corvid.tool.ToolResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The side effects of a durable run, carried out on a worker with the agent that
 * {@link CorvidWorker#register} gave it. Temporal calls these; an application has no need to.
 */
@ActivityInterface
public interface RunActivities {

    /**
     * Sends the request that the run's decision function asks for in this state and returns the answer.
     *
     * @param state the run's state; its next step is a request to the model
     * @param answerType the class name of a structured answer; null for text
     * @return the model's answer
     */
    @ActivityMethod(name = "CorvidModel")
    ModelResponse complete(RunState state, String answerType);

    /**
     * Runs one tool call; whatever the tool does wrong is its result, never a failure of the activity.
     *
     * @param runId the run's id
     * @param call the call
     * @return what goes back to the model, cut to the worker's result limit
     */
    @ActivityMethod(name = "CorvidTool")
    ToolResult call(String runId, ToolCall call);

    /**
     * Asks the agent's approver about one call.
     *
     * @param call the call
     * @return the approver's decision and the tool's preview
     */
    @ActivityMethod(name = "CorvidReview")
    Review review(ToolCall call);

    /**
     * The approver's decision on one call.
     *
     * @param allowed whether the call may run
     * @param reason why it was denied; null otherwise
     * @param deferred whether a person decides later, by signal
     * @param preview what the call would do, for that person; null when the tool offers none
     */
    record Review(boolean allowed, String reason, boolean deferred, String preview) {
    }
}
