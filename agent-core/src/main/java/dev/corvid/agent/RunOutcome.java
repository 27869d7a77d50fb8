package dev.corvid.agent;

/**
 * How an agent run ended. A run that ends any other way throws, for example a
 * {@link dev.corvid.model.ModelException} when the provider fails.
 */
public enum RunOutcome {
    /** The model answered without calling more tools; the answer is in {@link RunResult#output()}. */
    ANSWERED,
    /** The run reached its turn limit while the model was still calling tools. */
    TURN_LIMIT,
    /** The run's time limit passed. */
    TIMEOUT,
    /** The run was cancelled through its {@link RunHandle}. */
    CANCELLED,
    /** A tool failed, or a structured answer was invalid, too many times in a row. */
    RETRIES_EXHAUSTED,
    /** The model's output was cut off at the token limit; tool calls in it were not run. */
    LENGTH,
    /** The model or the provider refused to answer. */
    REFUSED,
    /** The run spent its {@link Budget} of tokens or money. */
    BUDGET_EXCEEDED,
    /**
     * The model kept asking for the same call with the same arguments, past the agent's
     * {@linkplain Agent.Builder#loopGuard(int) loop guard}.
     */
    LOOP_DETECTED
}
