package dev.corvid.openai;

import dev.corvid.tool.ToolDefinition;
import java.util.Set;

/**
 * Recovers Kimi K2's token-format tool calls:
 * {@code <|tool_calls_section_begin|><|tool_call_begin|>functions.NAME:IDX<|tool_call_argument_begin|>{json}
 * <|tool_call_end|>...<|tool_calls_section_end|>}.
 *
 * <p>Rules:
 * <ul>
 *   <li>The section tokens (also in their singular spelling {@code <|tool_call_section_begin|>}), the call tokens
 *       and stray end tokens never reach the text, even when a section holds no well-formed call; whatever a
 *       section holds between its calls is dropped. A call without a section is read too.
 *   <li>A call runs from {@code <|tool_call_begin|>} to {@code <|tool_call_end|>}, or to the next call, the
 *       section's end or the end of the output when that token is missing; it is reported as soon as it ends.
 *       Whitespace around the id and the arguments is ignored.
 *   <li>The id goes back to the provider as it is. It names the tool: {@code functions.NAME:IDX} and
 *       {@code NAME:IDX} give {@code NAME}; a dotted {@code NAME} such as {@code ns.tool} is kept whole unless only
 *       its last part is a declared tool.
 *   <li>An id that carries no name ({@code functions.:0}, {@code :0}) is named only when the request declares
 *       exactly one tool; otherwise the call is named {@link TextCalls#MISSING_NAME}, which the loop reports back
 *       as an unknown tool, so that the model calls again with a name.
 * </ul>
 */
final class KimiCalls extends TextCalls {

    static final String SECTION_BEGIN = "<|tool_calls_section_begin|>";
    static final String SECTION_BEGIN_SINGULAR = "<|tool_call_section_begin|>";
    static final String SECTION_END = "<|tool_calls_section_end|>";
    static final String SECTION_END_SINGULAR = "<|tool_call_section_end|>";
    static final String CALL_BEGIN = "<|tool_call_begin|>";
    static final String ARGUMENTS_BEGIN = "<|tool_call_argument_begin|>";
    static final String CALL_END = "<|tool_call_end|>";

    /** Whether the markup read is a section, which goes on after a call until its end token. */
    private boolean inSection;
    /** How far past its begin token the open call was searched for its end, so long arguments are searched once. */
    private int searched;

    KimiCalls(Context context, Set<String> replyIds, Sink sink) {
        super(context, replyIds, sink, SECTION_BEGIN, SECTION_BEGIN_SINGULAR, CALL_BEGIN, SECTION_END, SECTION_END_SINGULAR,
                CALL_END, ARGUMENTS_BEGIN);
    }

    @Override
    int read(CharSequence markup, int openerLength, boolean atEnd) {
        int position = 0;
        if (!inSection && (startsWith(markup, 0, SECTION_BEGIN) || startsWith(markup, 0, SECTION_BEGIN_SINGULAR))) {
            inSection = true;
            position = openerLength;
        } else if (!inSection && !startsWith(markup, 0, CALL_BEGIN)) {
            endMarkup(); // a stray end or argument token outside a call: drop it
            return openerLength;
        }
        while (true) {
            int token = markup.length();
            for (int i = indexOf(markup, "<|", position); i >= 0; i = indexOf(markup, "<|", i + 1)) {
                if (startsWith(markup, i, CALL_BEGIN) || startsWith(markup, i, SECTION_END)
                        || startsWith(markup, i, SECTION_END_SINGULAR)) {
                    token = i;
                    break;
                }
            }
            if (token == markup.length()) {
                if (atEnd) {
                    endMarkup();
                    inSection = false;
                    return markup.length(); // a section cut off by the end, holding no further call
                }
                return position; // what lies before a possible token is noise between calls
            }
            if (!startsWith(markup, token, CALL_BEGIN)) {
                int end = startsWith(markup, token, SECTION_END) ? SECTION_END.length() : SECTION_END_SINGULAR.length();
                inSection = false;
                endMarkup();
                return token + end;
            }
            int used = readCall(markup, token, atEnd);
            if (used == 0) {
                return token; // the call is not complete yet
            }
            position = used;
            if (!inSection) {
                endMarkup();
                return position;
            }
        }
    }

    /** Reads the call that starts at {@code begin}; returns the position after it, or 0 while it is incomplete. */
    private int readCall(CharSequence markup, int begin, boolean atEnd) {
        int from = begin + CALL_BEGIN.length();
        int end = -1;
        int after = -1;
        for (int i = indexOf(markup, "<|", Math.max(from, begin + searched)); i >= 0; i = indexOf(markup, "<|", i + 1)) {
            if (startsWith(markup, i, CALL_END)) {
                end = i;
                after = i + CALL_END.length();
                break;
            }
            if (startsWith(markup, i, CALL_BEGIN) || startsWith(markup, i, SECTION_END)
                    || startsWith(markup, i, SECTION_END_SINGULAR)) {
                end = i; // the end token is missing: the call ends where the next token starts
                after = i;
                break;
            }
        }
        if (end < 0) {
            if (!atEnd) {
                // A token not found yet may have begun in the last characters only.
                searched = Math.max(searched, markup.length() - begin - SECTION_BEGIN.length());
                return 0;
            }
            end = markup.length();
            after = end;
        }
        searched = 0;
        String body = markup.subSequence(from, end).toString();
        int split = body.indexOf(ARGUMENTS_BEGIN);
        String id = (split < 0 ? body : body.substring(0, split)).strip();
        String arguments = split < 0 ? "{}" : body.substring(split + ARGUMENTS_BEGIN.length()).strip();
        call(id.isEmpty() ? null : id, name(id), arguments);
        return after;
    }

    /** Returns the tool a Kimi id names, as the rules above say. */
    String name(String id) {
        String name = id.startsWith("functions.") ? id.substring("functions.".length()) : id;
        int colon = name.lastIndexOf(':');
        if (colon >= 0 && name.substring(colon + 1).strip().chars().allMatch(Character::isDigit)) {
            name = name.substring(0, colon);
        }
        name = name.strip();
        if (name.isEmpty() || name.equals("functions")) {
            return context.tools().size() == 1 ? context.tools().get(0).name() : MISSING_NAME;
        }
        int dot = name.lastIndexOf('.');
        if (dot >= 0 && context.tool(name) == null) {
            ToolDefinition last = context.tool(name.substring(dot + 1));
            if (last != null) {
                return last.name();
            }
        }
        return name;
    }
}
