package dev.corvid.model;

/**
 * A model's answer to one {@link ModelRequest}.
 *
 * @param message what the model said; never null
 * @param finishReason why the model stopped; never null
 * @param usage the tokens this request used; never null, {@link Usage#UNKNOWN} when not reported
 * @param model the model id the provider says answered; null when not reported
 * @param id the provider's id for this response; null when not reported
 */
public record ModelResponse(AssistantMessage message, FinishReason finishReason, Usage usage, String model,
                            String id) {

    /**
     * Checks the required fields; a missing usage becomes {@link Usage#UNKNOWN}.
     *
     * @param message what the model said; never null
     * @param finishReason why the model stopped; never null
     * @param usage the tokens this request used; never null, {@link Usage#UNKNOWN} when not reported
     * @param model the model id the provider says answered; null when not reported
     * @param id the provider's id for this response; null when not reported
     */
    public ModelResponse {
        if (message == null) {
            throw new IllegalArgumentException("message must not be null");
        }
        if (finishReason == null) {
            throw new IllegalArgumentException("finishReason must not be null");
        }
        if (usage == null) {
            usage = Usage.UNKNOWN;
        }
    }

    /**
     * {@return a response with the message, a finish reason that fits it, and unknown usage}
     *
     * @param message the assistant message
     */
    public static ModelResponse of(AssistantMessage message) {
        FinishReason reason = message.hasToolCalls() ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        return new ModelResponse(message, reason, Usage.UNKNOWN, null, null);
    }
}
