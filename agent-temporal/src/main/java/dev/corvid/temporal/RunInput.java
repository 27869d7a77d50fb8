package dev.corvid.temporal;

import dev.corvid.agent.RunState;
import java.util.List;

/**
 * Where a durable run starts: a new run's state, or the state a run continued as new with.
 *
 * @param state the run's state; never null
 * @param answerType the class name of a structured answer; null for a text answer
 * @param resumed whether the state continues an earlier run or execution
 * @param events how many events the run had before this execution
 * @param answers approvals or denials that arrived before their call waited
 * @param deadline when the run's timeout passes, in workflow time (epoch milliseconds); 0 until the first
 *     execution sets it from the agent's run timeout, or when the run has none
 */
public record RunInput(RunState state, String answerType, boolean resumed, long events, List<Answer> answers,
                       long deadline) {

    /**
     * Checks the state and copies the answers.
     *
     * @param state the run's state
     * @param answerType the class name of a structured answer; null for text
     * @param resumed whether the state continues an earlier run or execution
     * @param events how many events the run had before
     * @param answers decisions that arrived early
     * @param deadline when the run's timeout passes; 0 when not set
     */
    public RunInput {
        if (state == null) {
            throw new IllegalArgumentException("a durable run needs a state; build one with RunState.start");
        }
        answers = answers == null ? List.of() : List.copyOf(answers);
        if (deadline < 0) {
            throw new IllegalArgumentException("deadline must be 0 or a time, was " + deadline);
        }
    }

    /**
     * A person's decision on one call.
     *
     * @param callId the call's id
     * @param allowed whether it may run
     * @param reason why it was denied; null when allowed
     */
    public record Answer(String callId, boolean allowed, String reason) {
    }
}
