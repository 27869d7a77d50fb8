package dev.corvid.spring;

/** Thrown at startup when the {@code corvid.*} properties cannot make a model; says what to set. */
final class CorvidConfigurationException extends IllegalStateException {

    CorvidConfigurationException(String message) {
        super(message);
    }

    CorvidConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
