package dev.corvid.model;

/**
 * The provider refused the API key or the access it grants (HTTP 401 or 403). Never retryable: fix the key or the account.
 */
public class AuthenticationException extends ModelException {

    /** Creates the exception; see {@link ModelException#ModelException(String, int, String, String, String, boolean, Throwable)}. */
    public AuthenticationException(String message, int status, String providerCode, String providerMessage, String requestId,
                 boolean retryable, Throwable cause) {
        super(message, status, providerCode, providerMessage, requestId, retryable, cause);
    }
}
