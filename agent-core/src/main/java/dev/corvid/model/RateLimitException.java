package dev.corvid.model;

import java.time.Duration;

/**
 * The provider limits how fast or how much this key may ask (HTTP 429, or a throttling code). Retryable
 * after a pause unless the quota is spent; {@link #retryAfter()} says how long the provider asked to wait,
 * when it did.
 */
public class RateLimitException extends ModelException {

    /** How long the provider asked to wait, or null. */
    private final Duration retryAfter;

    /**
     * Creates the exception.
     *
     * @param retryAfter how long the provider asked to wait; null when it did not say
     * @param retryable false when the quota is spent rather than the rate exceeded, so waiting will not help
     * @param message the message, which says what failed and never holds the API key
     * @param status the HTTP status, or 0 when no response arrived
     * @param providerCode the provider's error code, or null
     * @param providerMessage the provider's own error message, or null
     * @param requestId the provider's request id, or null
     * @param cause the underlying failure, or null
     */
    public RateLimitException(String message, int status, String providerCode, String providerMessage,
                              String requestId, Duration retryAfter, boolean retryable, Throwable cause) {
        super(message, status, providerCode, providerMessage, requestId, retryable, cause);
        this.retryAfter = retryAfter;
    }

    /** {@return how long the provider asked to wait before retrying; null when it did not say} */
    public Duration retryAfter() {
        return retryAfter;
    }
}
