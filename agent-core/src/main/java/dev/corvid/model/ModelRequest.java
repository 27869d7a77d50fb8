package dev.corvid.model;

import dev.corvid.tool.ToolDefinition;
import java.util.List;

/**
 * What is sent to a {@link ChatModel} in one turn: the transcript so far, the tools the model may call,
 * the settings, where streamed text goes, and the signal that cancels the request.
 *
 * @param messages the transcript, oldest first; never null or empty
 * @param tools the tools the model may call; never null. An agent passes the same list instance on
 *     every turn, so a model may cache what it derives from it by identity.
 * @param settings sampling, limits and extra fields; never null
 * @param listener receives streamed text; never null, {@link StreamListener#NONE} to ignore it
 * @param cancellation fires when the request should stop; never null
 */
public record ModelRequest(List<Message> messages, List<ToolDefinition> tools, ModelSettings settings,
                           StreamListener listener, Cancellation cancellation) {

    /**
     * Checks the fields and copies the lists.
     *
     * @param messages the transcript, oldest first; never null or empty
     * @param tools the tools the model may call; never null. An agent passes the same list instance on every turn, so a
     *     model may cache what it derives from it by identity.
     * @param settings sampling, limits and extra fields; never null
     * @param listener receives streamed text; never null, {@link StreamListener#NONE} to ignore it
     * @param cancellation fires when the request should stop; never null
     */
    public ModelRequest {
        if (messages == null || messages.isEmpty()) {
            throw new IllegalArgumentException("a model request needs at least one message");
        }
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        if (settings == null) {
            settings = ModelSettings.DEFAULT;
        }
        if (listener == null) {
            listener = StreamListener.NONE;
        }
        if (cancellation == null) {
            cancellation = new Cancellation();
        }
    }

    /**
     * {@return a request of the messages alone, without tools or settings}
     *
     * @param messages the transcript to send, oldest first
     */
    public static ModelRequest of(List<Message> messages) {
        return new ModelRequest(messages, List.of(), ModelSettings.DEFAULT, StreamListener.NONE, new Cancellation());
    }

    /** {@return the last message of the transcript} */
    public Message lastMessage() {
        return messages.get(messages.size() - 1);
    }
}
