package dev.corvid.model;

/**
 * The provider refused the API key or the access it grants (HTTP 401 or 403). Never retryable: fix the key or the account.
 */
public class AuthenticationException extends ModelException {

    /**
     * Creates the exception; see {@link ModelException#ModelException(String, int, String, String, String, boolean, Throwable)}.
     *
     * @param message the message, which says what failed and never holds the API key
     * @param status the HTTP status, or 0 when no response arrived
     * @param providerCode the provider's error code, or null
     * @param providerMessage the provider's own error message, or null
     * @param requestId the provider's request id, or null
     * @param retryable whether sending the same request again may succeed
     * @param cause the underlying failure, or null
     */
    public AuthenticationException(String message, int status, String providerCode, String providerMessage, String requestId,
                 boolean retryable, Throwable cause) {
        super(message, status, providerCode, providerMessage, requestId, retryable, cause);
    }
}
