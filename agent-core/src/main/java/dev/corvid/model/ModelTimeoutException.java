package dev.corvid.model;

/**
 * The provider did not answer in time: no connection, no response, or a stream that stalled for longer
 * than the idle timeout. Retryable.
 */
public class ModelTimeoutException extends ModelException {

    /**
     * Creates the exception.
     *
     * @param message the message, which says what failed and never holds the API key
     * @param status the HTTP status, or 0 when no response arrived
     * @param requestId the provider's request id, or null
     * @param cause the underlying failure, or null
     */
    public ModelTimeoutException(String message, int status, String requestId, Throwable cause) {
        super(message, status, null, null, requestId, true, cause);
    }
}
