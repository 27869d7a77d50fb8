package dev.corvid.model;

import java.util.List;

/**
 * What the user said: text, and optionally images for models that see them.
 *
 * @param text the text; never null
 * @param imageUrls image addresses, {@code https:} or {@code data:image/...;base64,} URLs; never null,
 *     usually empty
 */
public record UserMessage(String text, List<String> imageUrls) implements Message {

    /**
     * Checks the text and copies the image list.
     *
     * @param text the text; never null
     * @param imageUrls image addresses, {@code https:} or {@code data:image/...;base64,} URLs; never null, usually
     *     empty
     */
    public UserMessage {
        if (text == null) {
            throw new IllegalArgumentException("user message text must not be null");
        }
        imageUrls = imageUrls == null ? List.of() : List.copyOf(imageUrls);
    }

    /**
     * {@return a message holding only text}
     *
     * @param text what the user says
     */
    public static UserMessage of(String text) {
        return new UserMessage(text, List.of());
    }
}
