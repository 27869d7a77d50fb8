package dev.corvid.model;

/**
 * The result of one tool call, sent back to the model in answer to that call.
 *
 * @param toolCallId the id of the {@link ToolCall} this message answers; never null
 * @param toolName the name of the tool that was called; never null
 * @param content what the tool returned, or what went wrong; never null, and never empty so that strict
 *     providers accept it
 * @param error whether the call failed (bad arguments, unknown tool, denied, thrown, timed out)
 */
public record ToolMessage(String toolCallId, String toolName, String content, boolean error) implements Message {

    /**
     * Checks the fields; an empty content becomes a short placeholder that providers accept.
     *
     * @param toolCallId the id of the {@link ToolCall} this message answers; never null
     * @param toolName the name of the tool that was called; never null
     * @param content what the tool returned, or what went wrong; never null, and never empty so that strict providers
     *     accept it
     * @param error whether the call failed (bad arguments, unknown tool, denied, thrown, timed out)
     */
    public ToolMessage {
        if (toolCallId == null) {
            throw new IllegalArgumentException("toolCallId must not be null");
        }
        if (toolName == null) {
            throw new IllegalArgumentException("toolName must not be null");
        }
        if (content == null || content.isEmpty()) {
            content = "(no output)";
        }
    }
}
