package dev.corvid.openai;

import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Recovers Hermes-style JSON tool calls, as Qwen2.5, Qwen3 and many open models write them:
 * {@code <tool_call>{"name": "NAME", "arguments": {...}}</tool_call>}, any number in one message.
 *
 * <p>Rules:
 * <ul>
 *   <li>A call is {@code <tool_call>}, optional whitespace, one JSON object, optional whitespace and
 *       {@code </tool_call>}. The object ends at its matching brace (braces inside strings do not count), so the
 *       call is complete, and reported, as soon as that brace arrives and the close tag or anything else follows.
 *   <li>{@code arguments} may be an object or a string holding one ({@code parameters} is taken too); none
 *       means no arguments.
 *   <li>A {@code <tool_call>} not followed by a {@code {} is not a call: it stays text.
 *   <li>A missing {@code </tool_call>}, and an object cut off by the end of the output, still give the call:
 *       for a cut-off object the name is read from what arrived and the arguments are what arrived of them,
 *       so that the loop reports them as invalid rather than the call being lost.
 * </ul>
 */
final class HermesCalls extends TextCalls {

    static final String OPEN = "<tool_call>";
    static final String CLOSE = "</tool_call>";

    /** Where the JSON object starts in the markup, or -1 before it was found. */
    private int objectStart = -1;
    /** Where it ends (after its closing brace), or -1 while it is open. */
    private int objectEnd = -1;
    /** How far the brace matching has read, and its state there. */
    private int scanned;
    private int depth;
    private boolean inString;
    private boolean escaped;

    HermesCalls(Context context, Set<String> replyIds, Sink sink) {
        super(context, replyIds, sink, OPEN);
    }

    @Override
    int read(CharSequence markup, int openerLength, boolean atEnd) {
        if (objectStart < 0) {
            int brace = skipSpace(markup, openerLength);
            if (brace == markup.length()) {
                if (!atEnd) {
                    return 0;
                }
                endMarkup(); // a lone <tool_call> at the very end: drop it
                return markup.length();
            }
            if (markup.charAt(brace) != '{') {
                return NOT_MARKUP;
            }
            objectStart = brace;
            scanned = brace;
        }
        if (objectEnd < 0) {
            objectEnd = matchBrace(markup);
            if (objectEnd < 0) {
                if (!atEnd) {
                    return 0;
                }
                return done(markup, markup.length(), markup.length());
            }
        }
        int after = skipSpace(markup, objectEnd);
        if (startsWith(markup, after, CLOSE)) {
            return done(markup, objectEnd, after + CLOSE.length());
        }
        if (!atEnd && (after == markup.length() || isPrefix(markup, after, CLOSE))) {
            return 0; // the close tag may still be coming
        }
        return done(markup, objectEnd, objectEnd); // no close tag: the call ends with its object
    }

    /** Reports the call whose object ends at {@code end}, ends the markup and returns {@code consumed}. */
    private int done(CharSequence markup, int end, int consumed) {
        String object = markup.subSequence(objectStart, end).toString();
        JsonCall call = JsonCall.parse(object, objectEnd >= 0);
        call(null, call.name(), call.arguments());
        objectStart = -1;
        objectEnd = -1;
        depth = 0;
        inString = false;
        escaped = false;
        endMarkup();
        return consumed;
    }

    /** Goes on matching braces from where the last piece stopped; returns the end of the object, or -1. */
    private int matchBrace(CharSequence markup) {
        for (int i = scanned; i < markup.length(); i++) {
            char c = markup.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                scanned = i + 1;
                return i + 1;
            }
        }
        scanned = markup.length();
        return -1;
    }

    /** The name and arguments of one JSON call object, read strictly when it parses, leniently when not. */
    record JsonCall(String name, String arguments) {

        /** Reads an object, {@code complete} when its closing brace arrived. */
        static JsonCall parse(String object, boolean complete) {
            try {
                JsonNode tree = ParameterTypes.JSON.readTree(object);
                if (tree != null && tree.isObject()) {
                    JsonNode arguments = tree.has("arguments") ? tree.get("arguments") : tree.get("parameters");
                    String text = arguments == null || arguments.isNull() ? "{}"
                            : arguments.isString() ? arguments.stringValue() : arguments.toString();
                    JsonNode name = tree.get("name");
                    return new JsonCall(name != null && name.isString() ? name.stringValue() : null, text);
                }
            } catch (JacksonException cutOffOrInvalid) {
                // read what can be read below
            }
            return new JsonCall(stringField(object, "\"name\""),
                    rawArguments(complete ? object.substring(0, object.length() - 1) : object));
        }

        /** Returns the string value of a field written {@code "field": "value"}, or null. */
        private static String stringField(String object, String field) {
            int at = object.indexOf(field);
            if (at < 0) {
                return null;
            }
            int colon = skipSpace(object, at + field.length());
            if (colon >= object.length() || object.charAt(colon) != ':') {
                return null;
            }
            int quote = skipSpace(object, colon + 1);
            if (quote >= object.length() || object.charAt(quote) != '"') {
                return null;
            }
            int end = object.indexOf('"', quote + 1);
            return end < 0 ? null : object.substring(quote + 1, end);
        }

        /**
         * Returns the text after {@code "arguments":} as it arrived (without the object's closing brace), for the
         * loop to repair or report as invalid.
         */
        private static String rawArguments(String object) {
            int at = object.indexOf("\"arguments\"");
            if (at < 0) {
                return "{}";
            }
            int colon = object.indexOf(':', at);
            return colon < 0 ? "{}" : object.substring(colon + 1).strip();
        }
    }
}
