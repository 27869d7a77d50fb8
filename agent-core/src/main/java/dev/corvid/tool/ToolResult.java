package dev.corvid.tool;

/**
 * What a tool call produced: the text the model reads, and whether the call failed.
 *
 * @param content the result or the error message; never null
 * @param error whether the call failed
 */
public record ToolResult(String content, boolean error) {

    /**
     * Checks that the content is present.
     *
     * @param content the result or the error message; never null
     * @param error whether the call failed
     */
    public ToolResult {
        if (content == null) {
            throw new IllegalArgumentException("content must not be null");
        }
    }

    /**
     * {@return a successful result}
     *
     * @param content what the tool returned, as the model will read it
     */
    public static ToolResult success(String content) {
        return new ToolResult(content, false);
    }

    /**
     * {@return a failed result whose message tells the model what went wrong}
     *
     * @param message what went wrong, said so that the model can act on it
     */
    public static ToolResult failure(String message) {
        return new ToolResult(message, true);
    }
}
