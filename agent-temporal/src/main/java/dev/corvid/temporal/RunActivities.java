package dev.corvid.temporal;

import dev.corvid.model.Message;
import dev.corvid.model.ModelSettings;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ToolCall;
import dev.corvid.tool.ToolResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The side effects of a durable run, carried out on a worker with the agent that
 * {@link CorvidWorker#register} gave it. Temporal calls these; an application has no need to.
 */
@ActivityInterface
public interface RunActivities {

    /**
     * Sends the request that the run's decision function decided on, with the worker's tool definitions,
     * and returns the answer.
     *
     * @param request the messages and settings of the machine's {@code AskModel} or {@code Compact} step
     * @return the model's answer
     */
    @ActivityMethod(name = "CorvidModel")
    ModelResponse complete(ModelCall request);

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
     * One request to the model as the decision function prepared it.
     *
     * @param messages the messages to send
     * @param settings the request's settings
     */
    record ModelCall(List<Message> messages, ModelSettings settings) {
        /**
         * Checks and copies the messages.
         *
         * @param messages the messages to send
         * @param settings the request's settings
         */
        public ModelCall {
            if (messages == null || messages.isEmpty() || settings == null) {
                throw new IllegalArgumentException("a model call needs its messages and settings");
            }
            messages = List.copyOf(messages);
        }
    }

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
