package dev.corvid.model;

/**
 * Receives the text of a streamed response as it arrives, before the whole response is assembled.
 *
 * <p>Methods are called on the thread that runs the model request, in order, and must return quickly.
 * All methods do nothing by default.
 */
public interface StreamListener {

    /** A listener that ignores everything. */
    StreamListener NONE = new StreamListener() {
    };

    /**
     * Called with each piece of answer text.
     *
     * @param text the text that arrived
     */
    default void onTextDelta(String text) {
    }

    /**
     * Called with each piece of reasoning text.
     *
     * @param text the reasoning that arrived
     */
    default void onReasoningDelta(String text) {
    }

    /**
     * Called with each tool call the model wrote as text (a server without the model's tool parser leaves such
     * calls in the text), as soon as the call is complete and before the response is; the response lists it
     * too, with the same id.
     *
     * @param call the recovered call
     */
    default void onToolCall(ToolCall call) {
    }
}
