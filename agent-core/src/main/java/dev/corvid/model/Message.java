package dev.corvid.model;

/**
 * One message of a conversation: what the system, the user, the assistant or a tool said.
 *
 * <p>The set is closed, so a {@code switch} over a message needs no default branch. Every message is an
 * immutable record; a list of them is a transcript that {@link Transcript} turns into JSON and back, so a
 * conversation can be saved and resumed.
 */
public sealed interface Message permits SystemMessage, UserMessage, AssistantMessage, ToolMessage {

    /**
     * {@return the instructions message with the given text}
     *
     * @param text the instructions
     */
    static SystemMessage system(String text) {
        return new SystemMessage(text);
    }

    /**
     * {@return a user message holding only text}
     *
     * @param text what the user says
     */
    static UserMessage user(String text) {
        return UserMessage.of(text);
    }

    /**
     * {@return an assistant message holding only text}
     *
     * @param text what the model answered
     */
    static AssistantMessage assistant(String text) {
        return AssistantMessage.of(text);
    }

    /**
     * {@return a successful tool result answering the call with the given id}
     *
     * @param toolCallId the id of the call this message answers
     * @param toolName the name of the tool that was called
     * @param content the tool's result, as the model will read it
     */
    static ToolMessage tool(String toolCallId, String toolName, String content) {
        return new ToolMessage(toolCallId, toolName, content, false);
    }
}
