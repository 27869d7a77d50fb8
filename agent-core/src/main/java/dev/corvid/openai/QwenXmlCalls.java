package dev.corvid.openai;

import java.util.Set;
import dev.corvid.tool.ToolDefinition;
import tools.jackson.databind.node.ObjectNode;

/**
 * Recovers Qwen3 Coder's XML tool calls: {@code <tool_call><function=NAME><parameter=P>value</parameter>
 * </function></tool_call>}, the {@code <tool_call>} wrapper optional.
 *
 * <p>Rules:
 * <ul>
 *   <li>A call opens with {@code <function=NAME>}, optionally after {@code <tool_call>} and whitespace; the name
 *       is made of letters, digits, {@code _-.:} and spaces. A {@code <tool_call>} not followed by
 *       {@code <function=}, or a {@code <function=} followed by anything but such a name, {@code >} and (after
 *       whitespace) a {@code <parameter=}, {@code </function>} or {@code </tool_call>}, is not a call (a tag named
 *       in prose or a code block): it stays text.
 *   <li>A value ends at its {@code </parameter>}. When that is missing, it ends where the next
 *       {@code <parameter=}, the {@code </function>} or the {@code </tool_call>} starts, or at the end of the
 *       output; a {@code </function>} inside a value whose {@code </parameter>} follows is part of the value.
 *   <li>A call ends at {@code </function>} (with the {@code </tool_call>} after it, when there is one), at
 *       {@code </tool_call>}, where the next call opens, or at the end of the output, and is then reported.
 *   <li>One leading and one trailing newline of a value are dropped; the rest is kept. The value is then typed
 *       by the declared tool's schema, see {@link ParameterTypes}.
 * </ul>
 */
final class QwenXmlCalls extends TextCalls {

    private static final String TOOL_CALL = "<tool_call>";
    private static final String TOOL_CALL_END = "</tool_call>";
    private static final String FUNCTION = "<function=";
    private static final String FUNCTION_END = "</function>";
    private static final String PARAMETER = "<parameter=";
    private static final String PARAMETER_END = "</parameter>";
    private static final String[] BODY_TOKENS = {PARAMETER, FUNCTION_END, TOOL_CALL_END, TOOL_CALL, FUNCTION};

    /** The open call's name, or null before its {@code <function=NAME>} was read. */
    private String name;
    private ObjectNode arguments;
    private ToolDefinition tool;
    /**
     * For the value being read, how far from its parameter's start the search for its end has gone without
     * finding one, and where from that start a {@code </function>} was seen (-1: none), so that a long value
     * streamed in many pieces is searched once.
     */
    private int valueSearched;
    private int functionSeen = -1;

    QwenXmlCalls(Context context, Set<String> replyIds, Sink sink) {
        super(context, replyIds, sink, TOOL_CALL, FUNCTION);
    }

    @Override
    int read(CharSequence markup, int openerLength, boolean atEnd) {
        int position = 0;
        if (name == null) {
            position = readHeader(markup, atEnd);
            if (position <= 0 || name == null) {
                return position;
            }
        }
        while (true) {
            int at = skipSpace(markup, position);
            if (at == markup.length()) {
                return atEnd ? done(markup.length()) : position;
            }
            if (startsWith(markup, at, PARAMETER)) {
                int next = readParameter(markup, at, atEnd);
                if (next == 0) {
                    return position;
                }
                position = next;
            } else if (startsWith(markup, at, FUNCTION_END)) {
                int after = skipSpace(markup, at + FUNCTION_END.length());
                if (startsWith(markup, after, TOOL_CALL_END)) {
                    return done(after + TOOL_CALL_END.length());
                }
                if (!atEnd && (after == markup.length() || isPrefix(markup, after, TOOL_CALL_END))) {
                    return position; // its </tool_call> may still come
                }
                return done(at + FUNCTION_END.length());
            } else if (startsWith(markup, at, TOOL_CALL_END)) {
                return done(at + TOOL_CALL_END.length()); // </function> missing
            } else if (startsWith(markup, at, TOOL_CALL) || startsWith(markup, at, FUNCTION)) {
                return done(at); // the next call opens: this one's closes are missing
            } else if (markup.charAt(at) == '<' && !atEnd && mayBeToken(markup, at)) {
                return position;
            } else {
                // Stray text between parameters is no part of any value: skip to the next tag.
                int tag = indexOf(markup, "<", at + 1);
                position = tag < 0 ? markup.length() : tag;
            }
        }
    }

    /** Reads {@code [<tool_call>]<function=NAME>}; returns the position after it, 0 to wait, or NOT_MARKUP. */
    private int readHeader(CharSequence markup, boolean atEnd) {
        int function = 0;
        if (startsWith(markup, 0, TOOL_CALL)) {
            function = skipSpace(markup, TOOL_CALL.length());
            if (function == markup.length() || isPrefix(markup, function, FUNCTION)) {
                if (!atEnd) {
                    return 0;
                }
                endMarkup(); // a lone <tool_call> at the very end: drop it
                return markup.length();
            }
            if (!startsWith(markup, function, FUNCTION)) {
                return NOT_MARKUP;
            }
        }
        int from = function + FUNCTION.length();
        for (int i = from; i < markup.length(); i++) {
            char c = markup.charAt(i);
            if (c == '>') {
                if (i == from) {
                    return NOT_MARKUP;
                }
                // A call's header is followed by its first parameter or its close; anything else is prose.
                int body = skipSpace(markup, i + 1);
                boolean structured = startsWith(markup, body, PARAMETER) || startsWith(markup, body, FUNCTION_END)
                        || startsWith(markup, body, TOOL_CALL_END);
                if (!structured && !atEnd && (body == markup.length() || isPrefix(markup, body, PARAMETER)
                        || isPrefix(markup, body, FUNCTION_END) || isPrefix(markup, body, TOOL_CALL_END))) {
                    return 0;
                }
                if (!structured && body < markup.length()) {
                    return NOT_MARKUP;
                }
                open(markup.subSequence(from, i).toString().strip());
                return i + 1;
            }
            if (!isNameChar(c)) {
                return NOT_MARKUP;
            }
        }
        if (!atEnd) {
            return 0;
        }
        if (markup.length() == from) {
            endMarkup(); // a bare <function= at the very end
            return markup.length();
        }
        open(markup.subSequence(from, markup.length()).toString().strip()); // the name was cut off: report it
        return markup.length();
    }

    private void open(String functionName) {
        name = functionName;
        arguments = ParameterTypes.JSON.createObjectNode();
        tool = context.tool(functionName);
    }

    /**
     * Reads the parameter at {@code at}; returns the position after it, or 0 while the text to settle where its
     * value ends has not arrived.
     */
    private int readParameter(CharSequence markup, int at, boolean atEnd) {
        int nameStart = at + PARAMETER.length();
        int nameEnd = indexOf(markup, ">", nameStart);
        int line = indexOf(markup, "\n", nameStart);
        if (nameEnd < 0 || line >= 0 && line < nameEnd) {
            if (!atEnd && line < 0) {
                return 0;
            }
            return line < 0 ? markup.length() : line; // a parameter without a name: skip it
        }
        String parameter = markup.subSequence(nameStart, nameEnd).toString().strip();
        int valueStart = nameEnd + 1;
        int searchFrom = Math.max(valueStart, at + valueSearched);
        int close = indexOf(markup, PARAMETER_END, searchFrom);
        int next = first(markup, searchFrom, PARAMETER, TOOL_CALL_END, TOOL_CALL);
        if (functionSeen < 0) {
            int function = indexOf(markup, FUNCTION_END, searchFrom);
            functionSeen = function < 0 ? -1 : function - at;
        }
        int valueEnd;
        int after;
        if (close >= 0 && (next < 0 || close < next)) {
            valueEnd = close;
            after = close + PARAMETER_END.length();
        } else if (next >= 0 || atEnd) {
            // No </parameter> before what comes next: the value ends there, or at an earlier </function>.
            int limit = next >= 0 ? next : markup.length();
            int function = functionSeen < 0 ? -1 : at + functionSeen;
            valueEnd = function >= 0 && function < limit ? function : limit;
            after = valueEnd;
        } else {
            // Tokens are at most 12 characters long: the next search starts where one may have begun.
            valueSearched = Math.max(valueSearched, markup.length() - at - TOOL_CALL_END.length());
            return 0;
        }
        valueSearched = 0;
        functionSeen = -1;
        arguments.set(parameter, ParameterTypes.convert(trimNewlines(markup.subSequence(valueStart, valueEnd)),
                ParameterTypes.schemaOf(tool, parameter)));
        return after;
    }

    /** Reports the open call and ends the markup; returns {@code consumed}. */
    private int done(int consumed) {
        call(null, name, arguments.toString());
        name = null;
        arguments = null;
        tool = null;
        endMarkup();
        return consumed;
    }

    /** Whether a character may be part of a function name; a tag named in prose soon has one that may not. */
    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
                || c == '.' || c == ':' || c == ' ';
    }

    /** Whether the tail from {@code at} may still grow into one of the body's tokens. */
    private static boolean mayBeToken(CharSequence markup, int at) {
        for (String token : BODY_TOKENS) {
            if (isPrefix(markup, at, token)) {
                return true;
            }
        }
        return false;
    }

    /** Returns the first position of any of the tokens at or after {@code from}, or -1. */
    private static int first(CharSequence markup, int from, String... tokens) {
        int best = -1;
        for (String token : tokens) {
            int at = indexOf(markup, token, from);
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
            }
        }
        return best;
    }

    /** Drops one leading and one trailing newline, as the template puts the value on lines of its own. */
    static String trimNewlines(CharSequence value) {
        int start = value.length() > 0 && value.charAt(0) == '\n' ? 1 : 0;
        int end = value.length();
        if (end > start && value.charAt(end - 1) == '\n') {
            end--;
            if (end > start && value.charAt(end - 1) == '\r') {
                end--;
            }
        }
        return value.subSequence(start, end).toString();
    }
}
