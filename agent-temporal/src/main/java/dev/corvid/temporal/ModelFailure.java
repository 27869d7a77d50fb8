package dev.corvid.temporal;

/**
 * What a model failure carries across Temporal, so the client can rebuild the typed exception.
 *
 * @param status the HTTP status, or 0
 * @param providerCode the provider's error code; null when none
 * @param providerMessage the provider's message; null when none
 * @param requestId the provider's request id; null when none
 * @param retryable whether the provider said a retry may succeed
 * @param limit the context window a provider stated when it rejected a request as too long; 0 otherwise
 */
record ModelFailure(int status, String providerCode, String providerMessage, String requestId, boolean retryable,
                    int limit) {
}
