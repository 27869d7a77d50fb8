package dev.corvid.agent;

import dev.corvid.model.Cost;
import dev.corvid.model.Message;
import dev.corvid.model.Usage;
import java.util.List;

/**
 * What an agent run produced: the answer, how the run ended, the whole transcript and the tokens spent.
 *
 * @param <T> the type of the answer: {@code String} for a plain run, the requested type for a structured one
 * @param runId the run's unique id, as tools saw it in their {@link dev.corvid.tool.ToolContext}
 * @param outcome how the run ended
 * @param output the answer; null unless the outcome is {@link RunOutcome#ANSWERED}
 * @param text the last text the model wrote, even when the run did not end with an answer; null when none
 * @param detail why the run ended without an answer, for people; null when it answered
 * @param transcript every message of the run, including the history it started from
 * @param usage tokens summed over every turn; a count is null when any turn did not report it
 * @param cost what the run cost; null when the agent has no price for the model or a turn's usage is unknown
 * @param perTurn the tokens and cost of each request sent to the model, in order
 * @param state the run's final state: save it to continue the conversation as the same run elsewhere
 */
public record RunResult<T>(String runId, RunOutcome outcome, T output, String text, String detail,
                           List<Message> transcript, Usage usage, Cost cost, List<TurnUsage> perTurn,
                           RunState state) {

    /**
     * Copies the lists.
     *
     * @param runId the run's unique id, as tools saw it in their {@link dev.corvid.tool.ToolContext}
     * @param outcome how the run ended
     * @param output the answer; null unless the outcome is {@link RunOutcome#ANSWERED}
     * @param text the last text the model wrote, even when the run did not end with an answer; null when none
     * @param detail why the run ended without an answer, for people; null when it answered
     * @param transcript every message of the run, including the history it started from
     * @param usage tokens summed over every turn; a count is null when any turn did not report it
     * @param cost what the run cost; null when the agent has no price for the model or a turn's usage is unknown
     * @param perTurn the tokens and cost of each request sent to the model, in order
     * @param state the run's final state: save it to continue the conversation as the same run elsewhere
     */
    public RunResult {
        transcript = List.copyOf(transcript);
        perTurn = List.copyOf(perTurn);
    }

    /** {@return how many requests were sent to the model} */
    public int turns() {
        return perTurn.size();
    }

    /** {@return whether the model answered} */
    public boolean isAnswered() {
        return outcome == RunOutcome.ANSWERED;
    }
}
