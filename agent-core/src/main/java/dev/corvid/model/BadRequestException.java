package dev.corvid.model;

/**
 * The provider rejected the request itself (HTTP 400, 404, 422 and other 4xx): a wrong model id, a parameter the server does not support, a history it refuses. Never retryable unchanged.
 */
public class BadRequestException extends ModelException {

    /** Creates the exception; see {@link ModelException#ModelException(String, int, String, String, String, boolean, Throwable)}. */
    public BadRequestException(String message, int status, String providerCode, String providerMessage, String requestId,
                 boolean retryable, Throwable cause) {
        super(message, status, providerCode, providerMessage, requestId, retryable, cause);
    }
}
