package dev.corvid.openai;

import dev.corvid.model.ToolChoice;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a model family understands and how to talk to it: the request fields it accepts, how tool schemas
 * must be written for it, what its history must carry, and how to recover tool calls that its server
 * leaked into plain text.
 *
 * <p>{@link ModelProfiles} picks a profile from the model id; a user can override the choice or register
 * profiles of their own. Immutable.
 *
 * @param name a short name for logs and errors, such as {@code "qwen3-coder"}
 * @param parallelToolCalls whether to send {@code parallel_tool_calls} when the agent sets it; servers
 *     that ignore or reject the field get nothing
 * @param toolChoices the {@code tool_choice} modes the model accepts; any other mode is sent as
 *     {@code auto} with an instruction to call the tool, and the reply is checked
 * @param schemaDialect how tool schemas must be rewritten before they are sent
 * @param toolMessageName whether tool messages carry the tool's {@code name}
 * @param reasoningInHistory whether assistant messages sent back must carry their {@code reasoning_content}
 * @param emptyContent what an assistant message with tool calls and no text sends as its {@code content}
 * @param textToolCalls the parser that recovers tool calls written as text, when the server did not
 * @param contextWindow the model's context window in tokens; null when unknown
 * @param maxOutputTokens the most tokens the model can produce in one reply; null when unknown. A
 *     {@code max_tokens} above it is sent as this limit
 * @param thinkingSwitch whether the model has DashScope's {@code enable_thinking} switch, which must be off
 *     for a blocking call: such calls carry {@code enable_thinking: false} unless the user set the field
 */
public record ModelProfile(String name, boolean parallelToolCalls, Set<ToolChoice.Mode> toolChoices,
                           SchemaDialect schemaDialect, boolean toolMessageName, boolean reasoningInHistory,
                           EmptyContent emptyContent, TextToolCalls textToolCalls, Integer contextWindow,
                           Integer maxOutputTokens, boolean thinkingSwitch) {

    /** How a tool schema is written for a model. */
    public enum SchemaDialect {
        /** JSON schema draft 2020-12 as generated. */
        FULL,
        /**
         * The subset Gemini's OpenAI-compatible layers accept: {@code $ref}/{@code $defs} inlined, and no
         * {@code strict}, {@code additionalProperties}, {@code $schema}, {@code const}, non-string enums or
         * unusual {@code format}s.
         */
        GEMINI
    }

    /** What an assistant message with tool calls and no text sends as its content. */
    public enum EmptyContent {
        /** {@code "content": null}, as OpenAI documents. */
        NULL,
        /** {@code "content": ""}, for servers that reject a missing or null content. */
        EMPTY_STRING
    }

    /** Which text format of tool calls to recover from a reply's content and reasoning. */
    public enum TextToolCalls {
        /** None: text stays text. */
        NONE,
        /** Qwen3 Coder's {@code <tool_call><function=NAME><parameter=P>value</parameter></function></tool_call>}. */
        QWEN_XML,
        /** Hermes-style JSON, as Qwen2.5 and Qwen3 write it: {@code <tool_call>{"name": ..., "arguments": {...}}</tool_call>}. */
        HERMES_JSON,
        /** Kimi K2's {@code <|tool_call_begin|>ID<|tool_call_argument_begin|>{json}<|tool_call_end|>}. */
        KIMI_TOKENS
    }

    /**
     * Checks the fields and copies the set.
     *
     * @param name a short name for logs and errors, such as {@code "qwen3-coder"}
     * @param parallelToolCalls whether to send {@code parallel_tool_calls} when the agent sets it; servers that ignore
     *     or reject the field get nothing
     * @param toolChoices the {@code tool_choice} modes the model accepts; any other mode is sent as {@code auto} with
     *     an instruction to call the tool, and the reply is checked
     * @param schemaDialect how tool schemas must be rewritten before they are sent
     * @param toolMessageName whether tool messages carry the tool's {@code name}
     * @param reasoningInHistory whether assistant messages sent back must carry their {@code reasoning_content}
     * @param emptyContent what an assistant message with tool calls and no text sends as its {@code content}
     * @param textToolCalls the parser that recovers tool calls written as text, when the server did not
     * @param contextWindow the model's context window in tokens; null when unknown
     * @param maxOutputTokens the most tokens the model can produce in one reply; null when unknown. A {@code
     *     max_tokens} above it is sent as this limit
     * @param thinkingSwitch whether the model has DashScope's {@code enable_thinking} switch, which must be off for a
     *     blocking call: such calls carry {@code enable_thinking: false} unless the user set the field
     */
    public ModelProfile {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a profile needs a name");
        }
        if (toolChoices == null || !toolChoices.contains(ToolChoice.Mode.AUTO)) {
            throw new IllegalArgumentException("every profile must accept tool_choice auto");
        }
        toolChoices = toolChoices.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(toolChoices));
        if (schemaDialect == null || emptyContent == null || textToolCalls == null) {
            throw new IllegalArgumentException("schemaDialect, emptyContent and textToolCalls are required");
        }
        if (contextWindow != null && contextWindow < 1 || maxOutputTokens != null && maxOutputTokens < 1) {
            throw new IllegalArgumentException("token limits must be positive");
        }
    }

    /** The profile for models Corvid does not know: OpenAI's documented behaviour, nothing more. */
    public static final ModelProfile DEFAULT = new ModelProfile("default", true, EnumSet.allOf(ToolChoice.Mode.class),
            SchemaDialect.FULL, true, false, EmptyContent.NULL, TextToolCalls.NONE, null, null, false);

    /**
     * {@return whether the model accepts the tool choice as it is}
     *
     * @param choice the tool choice a request asks for
     */
    public boolean accepts(ToolChoice choice) {
        return toolChoices.contains(choice.mode());
    }

    /**
     * {@return a copy with another text-format tool-call parser, for servers known to need one}
     *
     * @param parser how tool calls are recovered from text
     */
    public ModelProfile withTextToolCalls(TextToolCalls parser) {
        return new ModelProfile(name, parallelToolCalls, toolChoices, schemaDialect, toolMessageName,
                reasoningInHistory, emptyContent, parser, contextWindow, maxOutputTokens, thinkingSwitch);
    }
}
