package dev.corvid.model;

/**
 * Why the model stopped producing output in one turn.
 *
 * <p>Providers disagree on the words: some say {@code stop} although the message holds tool calls. The
 * agent loop therefore decides what a turn is from the message itself, and uses the finish reason to
 * tell a complete answer from one that was cut off.
 */
public enum FinishReason {
    /** The model finished its message. */
    STOP,
    /** The model finished its message with tool calls. */
    TOOL_CALLS,
    /** The output hit the token limit and is cut off; any tool calls in it are incomplete. */
    LENGTH,
    /** The provider withheld or stopped the output for its content policy. */
    CONTENT_FILTER,
    /** The provider reported a reason Corvid does not know, or none at all. */
    OTHER;

    /**
     * Maps a provider's {@code finish_reason} word to a reason.
     *
     * @param wire the word as sent, possibly null
     * @return the matching reason; {@link #OTHER} for null or unknown words
     */
    public static FinishReason fromWire(String wire) {
        if (wire == null) {
            return OTHER;
        }
        switch (wire) {
            case "stop":
            case "end_turn":
            case "eos":
            case "stop_sequence":
                return STOP;
            case "tool_calls":
            case "function_call":
            case "tool_use":
                return TOOL_CALLS;
            case "length":
            case "max_tokens":
            case "model_length":
                return LENGTH;
            case "content_filter":
            case "safety":
            case "refusal":
                return CONTENT_FILTER;
            default:
                return OTHER;
        }
    }
}
