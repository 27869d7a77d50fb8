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
 */
public record RunInput(RunState state, String answerType, boolean resumed, long events, List<Answer> answers) {

    /**
     * Checks the state and copies the answers.
     *
     * @param state the run's state
     * @param answerType the class name of a structured answer; null for text
     * @param resumed whether the state continues an earlier run or execution
     * @param events how many events the run had before
     * @param answers decisions that arrived early
     */
    public RunInput {
        if (state == null) {
            throw new IllegalArgumentException("a durable run needs a state; build one with RunState.start");
        }
        answers = answers == null ? List.of() : List.copyOf(answers);
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
