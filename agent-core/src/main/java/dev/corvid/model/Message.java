package dev.corvid.model;

/**
 * One message of a conversation: what the system, the user, the assistant or a tool said.
 *
 * <p>The set is closed, so a {@code switch} over a message needs no default branch. Every message is an
 * immutable record; a list of them is a transcript that {@link Transcript} turns into JSON and back, so a
 * conversation can be saved and resumed.
 */
public sealed interface Message permits SystemMessage, UserMessage, AssistantMessage, ToolMessage {

    /** Returns the instructions message with the given text. */
    static SystemMessage system(String text) {
        return new SystemMessage(text);
    }

    /** Returns a user message holding only text. */
    static UserMessage user(String text) {
        return UserMessage.of(text);
    }

    /** Returns an assistant message holding only text. */
    static AssistantMessage assistant(String text) {
        return AssistantMessage.of(text);
    }

    /** Returns a successful tool result answering the call with the given id. */
    static ToolMessage tool(String toolCallId, String toolName, String content) {
        return new ToolMessage(toolCallId, toolName, content, false);
    }
}
