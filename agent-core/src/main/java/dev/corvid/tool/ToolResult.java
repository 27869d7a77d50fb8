package dev.corvid.tool;

/**
 * What a tool call produced: the text the model reads, and whether the call failed.
 *
 * @param content the result or the error message; never null
 * @param error whether the call failed
 */
public record ToolResult(String content, boolean error) {

    /** Checks that the content is present. */
    public ToolResult {
        if (content == null) {
            throw new IllegalArgumentException("content must not be null");
        }
    }

    /** Returns a successful result. */
    public static ToolResult success(String content) {
        return new ToolResult(content, false);
    }

    /** Returns a failed result whose message tells the model what went wrong. */
    public static ToolResult failure(String message) {
        return new ToolResult(message, true);
    }
}
