package dev.corvid.model;

import java.util.OptionalInt;

/**
 * The provider rejected the request as longer than the model's context window. An agent run answers it
 * by compacting its transcript and sending the request again; see {@code Agent.Builder#compactAt(double)}.
 */
public class ContextLengthExceededException extends BadRequestException {

    /** The limit the provider stated, or 0 when it stated none. */
    private final int limit;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, for people; never containing a key
     * @param status the HTTP status
     * @param providerCode the provider's error code; null when none
     * @param providerMessage the provider's own error message; null when none
     * @param requestId the provider's request id; null when none
     * @param limit the context window in tokens that the provider stated; 0 or less when it stated none
     */
    public ContextLengthExceededException(String message, int status, String providerCode, String providerMessage,
                                          String requestId, int limit) {
        super(message, status, providerCode, providerMessage, requestId, false, null);
        this.limit = Math.max(0, limit);
    }

    /**
     * Returns the context window in tokens as the provider's message stated it.
     *
     * @return the limit; empty when the message did not state one
     */
    public OptionalInt limit() {
        return limit > 0 ? OptionalInt.of(limit) : OptionalInt.empty();
    }
}
