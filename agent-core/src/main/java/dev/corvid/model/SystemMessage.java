package dev.corvid.model;

/**
 * The instructions that open a conversation and steer every answer of the model.
 *
 * @param text the instructions; never null
 */
public record SystemMessage(String text) implements Message {

    /**
     * Checks that the text is present.
     *
     * @param text the instructions; never null
     */
    public SystemMessage {
        if (text == null) {
            throw new IllegalArgumentException("system message text must not be null");
        }
    }
}
