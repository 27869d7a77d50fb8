package dev.corvid.model;

/**
 * The provider failed to answer (HTTP 5xx, or an error it reported inside a successful response). Usually retryable.
 */
public class ServerException extends ModelException {

    /** Creates the exception; see {@link ModelException#ModelException(String, int, String, String, String, boolean, Throwable)}. */
    public ServerException(String message, int status, String providerCode, String providerMessage, String requestId,
                 boolean retryable, Throwable cause) {
        super(message, status, providerCode, providerMessage, requestId, retryable, cause);
    }
}
