package dev.corvid.model;

/**
 * The provider did not answer in time: no connection, no response, or a stream that stalled for longer
 * than the idle timeout. Retryable.
 */
public class ModelTimeoutException extends ModelException {

    /** Creates the exception. */
    public ModelTimeoutException(String message, int status, String requestId, Throwable cause) {
        super(message, status, null, null, requestId, true, cause);
    }
}
