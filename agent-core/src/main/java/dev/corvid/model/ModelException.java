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

    private final int status;
    private final String providerCode;
    private final String providerMessage;
    private final String requestId;
    private final boolean retryable;
    private volatile List<Message> transcript = List.of();
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

    /** Creates an exception without HTTP details, for failures of a model that is not remote. */
    public ModelException(String message, boolean retryable, Throwable cause) {
        this(message, 0, null, null, null, retryable, cause);
    }

    /** Returns the HTTP status, or 0 when no response came. */
    public int status() {
        return status;
    }

    /** Returns the provider's error code, such as {@code invalid_api_key}; null when none was sent. */
    public String providerCode() {
        return providerCode;
    }

    /** Returns the provider's own error message; null when none was sent. */
    public String providerMessage() {
        return providerMessage;
    }

    /** Returns the provider's request id; null when none was sent. */
    public String requestId() {
        return requestId;
    }

    /** Returns whether sending the same request again may succeed. */
    public boolean isRetryable() {
        return retryable;
    }

    /** Returns the transcript of the run up to the failure; empty when not thrown from a run. */
    public List<Message> transcript() {
        return transcript;
    }

    /** Returns the text the model had streamed before the failure; null when none. */
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
