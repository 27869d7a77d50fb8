package dev.corvid.model;

/**
 * The way to the provider failed: the connection was refused or reset, or a stream broke off. Retryable
 * while nothing of the response has reached the caller.
 */
public class TransportException extends ModelException {

    /**
     * Creates the exception.
     *
     * @param message the message, which says what failed and never holds the API key
     * @param status the HTTP status, or 0 when no response arrived
     * @param requestId the provider's request id, or null
     * @param retryable whether sending the same request again may succeed
     * @param cause the underlying failure, or null
     */
    public TransportException(String message, int status, String requestId, boolean retryable, Throwable cause) {
        super(message, status, null, null, requestId, retryable, cause);
    }
}
