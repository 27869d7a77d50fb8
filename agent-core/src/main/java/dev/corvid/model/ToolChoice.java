package dev.corvid.model;

import java.util.regex.Pattern;

/**
 * Whether, and which, tools the model must call.
 *
 * @param mode what the model may do
 * @param toolName the tool it must call when the mode is {@link Mode#TOOL}; null otherwise
 */
public record ToolChoice(Mode mode, String toolName) {

    private static final Pattern TOOL_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

    /** What the model may do about tools. */
    public enum Mode {
        /** The model decides whether to call tools. */
        AUTO,
        /** The model must not call tools. */
        NONE,
        /** The model must call at least one tool. */
        REQUIRED,
        /** The model must call the named tool. */
        TOOL
    }

    /** The model decides. */
    public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
    /** The model must answer without tools. */
    public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
    /** The model must call some tool. */
    public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

    /**
     * Checks that a name is given exactly when the mode needs one.
     *
     * @param mode what the model may do
     * @param toolName the tool it must call when the mode is {@link Mode#TOOL}; null otherwise
     */
    public ToolChoice {
        if (mode == null) {
            throw new IllegalArgumentException("mode must not be null");
        }
        if (mode == Mode.TOOL) {
            if (toolName == null || !TOOL_NAME.matcher(toolName).matches()) {
                throw new IllegalArgumentException("a named tool choice needs a valid tool name, was " + toolName);
            }
        } else if (toolName != null) {
            throw new IllegalArgumentException("only ToolChoice.tool(name) takes a tool name");
        }
    }

    /**
     * {@return the choice that forces a call of the named tool}
     *
     * @param name the name of the tool the model must call
     */
    public static ToolChoice tool(String name) {
        return new ToolChoice(Mode.TOOL, name);
    }
}
