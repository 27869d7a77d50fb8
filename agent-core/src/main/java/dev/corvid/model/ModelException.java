package dev.corvid.model;

import java.util.List;

/**
 * A failure of the model provider or of the way to it: the base of every provider and transport error.
 *
 * <p>It carries what a caller needs to react: the HTTP status (0 when no response came), the provider's
 * error code and message, the request id to quote to the provider's support, whether retrying the same
 * request may succeed, and, when thrown from an agent run, the transcript up to the failure. Its message
 * never contains an API key.
 */
public class ModelException extends RuntimeException {

    /** The HTTP status, or 0 when no response arrived. */
    private final int status;
    /** The provider's error code, or null. */
    private final String providerCode;
    /** The provider's own error message, or null. */
    private final String providerMessage;
    /** The provider's request id, or null. */
    private final String requestId;
    /** Whether sending the same request again may succeed. */
    private final boolean retryable;
    /** The transcript up to the failure, when thrown from an agent run. */
    private volatile List<Message> transcript = List.of();
    /** The text streamed before the failure, or null. */
    private volatile String partialText;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, for people; never containing a key
     * @param status the HTTP status, or 0 when no response came
     * @param providerCode the provider's error code; null when none
     * @param providerMessage the provider's own error message; null when none
     * @param requestId the provider's request id; null when none
     * @param retryable whether sending the same request again may succeed
     * @param cause the underlying failure; null when none
     */
    public ModelException(String message, int status, String providerCode, String providerMessage, String requestId,
                          boolean retryable, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.providerCode = providerCode;
        this.providerMessage = providerMessage;
        this.requestId = requestId;
        this.retryable = retryable;
    }

    /**
     * Creates an exception without HTTP details, for failures of a model that is not remote.
     *
     * @param message the message, which says what failed and never holds the API key
     * @param retryable whether sending the same request again may succeed
     * @param cause the underlying failure, or null
     */
    public ModelException(String message, boolean retryable, Throwable cause) {
        this(message, 0, null, null, null, retryable, cause);
    }

    /** {@return the HTTP status, or 0 when no response came} */
    public int status() {
        return status;
    }

    /** {@return the provider's error code, such as {@code invalid_api_key}; null when none was sent} */
    public String providerCode() {
        return providerCode;
    }

    /** {@return the provider's own error message; null when none was sent} */
    public String providerMessage() {
        return providerMessage;
    }

    /** {@return the provider's request id; null when none was sent} */
    public String requestId() {
        return requestId;
    }

    /** {@return whether sending the same request again may succeed} */
    public boolean isRetryable() {
        return retryable;
    }

    /** {@return the transcript of the run up to the failure; empty when not thrown from a run} */
    public List<Message> transcript() {
        return transcript;
    }

    /** {@return the text the model had streamed before the failure; null when none} */
    public String partialText() {
        return partialText;
    }

    /**
     * Records the transcript of the run that failed. Called by the agent loop; a transcript recorded once
     * is kept.
     *
     * @param messages the transcript up to the failure
     * @return this exception
     */
    public ModelException withTranscript(List<Message> messages) {
        if (transcript.isEmpty() && messages != null) {
            transcript = List.copyOf(messages);
        }
        return this;
    }

    /**
     * Records the text streamed before the failure. Called by models that stream.
     *
     * @param text the partial answer
     * @return this exception
     */
    public ModelException withPartialText(String text) {
        if (text != null && !text.isEmpty()) {
            partialText = text;
        }
        return this;
    }
}
