package dev.corvid.model;

import java.time.Duration;

/**
 * The provider limits how fast or how much this key may ask (HTTP 429, or a throttling code). Retryable
 * after a pause unless the quota is spent; {@link #retryAfter()} says how long the provider asked to wait,
 * when it did.
 */
public class RateLimitException extends ModelException {

    private final Duration retryAfter;

    /**
     * Creates the exception.
     *
     * @param retryAfter how long the provider asked to wait; null when it did not say
     * @param retryable false when the quota is spent rather than the rate exceeded, so waiting will not help
     */
    public RateLimitException(String message, int status, String providerCode, String providerMessage,
                              String requestId, Duration retryAfter, boolean retryable, Throwable cause) {
        super(message, status, providerCode, providerMessage, requestId, retryable, cause);
        this.retryAfter = retryAfter;
    }

    /** Returns how long the provider asked to wait before retrying; null when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
