package dev.corvid.model;

/**
 * The way to the provider failed: the connection was refused or reset, or a stream broke off. Retryable
 * while nothing of the response has reached the caller.
 */
public class TransportException extends ModelException {

    /** Creates the exception. */
    public TransportException(String message, int status, String requestId, boolean retryable, Throwable cause) {
        super(message, status, null, null, requestId, retryable, cause);
    }
}
