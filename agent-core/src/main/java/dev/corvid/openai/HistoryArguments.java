package dev.corvid.openai;

import dev.corvid.tool.ToolArguments;

/**
 * Makes the tool-call arguments of a history fit to send back: DashScope rejects a request whose history
 * holds arguments that are not a JSON object, which models do write (single quotes, double encoding, cut
 * off). Repairs read the arguments as every tool does, with {@link ToolArguments}. Thread-safe.
 *
 * <p>Every request of a run checks every earlier call again, so the check is a strict RFC 8259 scan of the
 * text that builds nothing: no parser, no buffer, no tree. It answers as Jackson's default parser does,
 * nesting limit included, which a test holds it to; only stricter where Jackson takes any Unicode digit
 * in a backslash-u escape, which a provider's parser would not.
 */
final class HistoryArguments {

    /** How deep arrays and objects may nest: Jackson's default limit, past which it refuses a text. */
    static final int MAX_DEPTH = 500;

    /**
     * Returns arguments as a JSON object string: as they are when valid, repaired when their meaning is
     * plain, {@code {}} otherwise. Some providers reject a history holding invalid arguments.
     */
    String valid(String arguments) {
        if (isJsonObject(arguments)) {
            return arguments;
        }
        try {
            return ToolArguments.parse(arguments).toString();
        } catch (IllegalArgumentException unrepairable) {
            return "{}";
        }
    }

    /** Returns whether the text is one JSON object with nothing but whitespace around it. */
    static boolean isJsonObject(String text) {
        if (text == null) {
            return false;
        }
        int at = space(text, 0);
        if (at >= text.length() || text.charAt(at) != '{') {
            return false;
        }
        int end = value(text, at, 0);
        return end >= 0 && space(text, end) == text.length();
    }

    /** Returns the index after the value at an index, or -1 when there is no valid value there. */
    private static int value(String text, int at, int depth) {
        if (at >= text.length()) {
            return -1;
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> members(text, at + 1, depth + 1, '}');
            case '[' -> members(text, at + 1, depth + 1, ']');
            case '"' -> string(text, at + 1);
            case 't' -> literal(text, at, "true");
            case 'f' -> literal(text, at, "false");
            case 'n' -> literal(text, at, "null");
            default -> c == '-' || c >= '0' && c <= '9' ? number(text, at) : -1;
        };
    }

    /**
     * Scans an object's or an array's members, from after its opening bracket to after the closing one:
     * {@code "name": value} pairs in an object, values in an array, separated by commas.
     */
    private static int members(String text, int at, int depth, char close) {
        if (depth > MAX_DEPTH) {
            return -1;
        }
        at = space(text, at);
        if (at < text.length() && text.charAt(at) == close) {
            return at + 1;
        }
        while (true) {
            at = close == '}' ? member(text, at, depth) : value(text, at, depth);
            if (at < 0) {
                return -1;
            }
            at = space(text, at);
            if (at >= text.length()) {
                return -1;
            }
            char c = text.charAt(at);
            if (c == close) {
                return at + 1;
            }
            if (c != ',') {
                return -1;
            }
            at = space(text, at + 1);
        }
    }

    /** Scans one {@code "name": value} pair of an object. */
    private static int member(String text, int at, int depth) {
        if (at >= text.length() || text.charAt(at) != '"') {
            return -1;
        }
        at = string(text, at + 1);
        if (at < 0) {
            return -1;
        }
        at = space(text, at);
        if (at >= text.length() || text.charAt(at) != ':') {
            return -1;
        }
        return value(text, space(text, at + 1), depth);
    }

    /** Scans a string's content from after its opening quote; returns the index after its closing quote. */
    private static int string(String text, int at) {
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return at;
            }
            if (c < 0x20) {
                return -1; // control characters must be escaped
            }
            if (c == '\\') {
                if (at >= text.length()) {
                    return -1;
                }
                char escaped = text.charAt(at++);
                if (escaped == 'u') {
                    if (at + 4 > text.length()) {
                        return -1;
                    }
                    for (int i = 0; i < 4; i++) {
                        char hex = text.charAt(at++);
                        if (!(hex >= '0' && hex <= '9' || hex >= 'a' && hex <= 'f' || hex >= 'A' && hex <= 'F')) {
                            return -1;
                        }
                    }
                } else if ("\"\\/bfnrt".indexOf(escaped) < 0) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** Scans {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. */
    private static int number(String text, int at) {
        if (text.charAt(at) == '-') {
            at++;
        }
        at = at < text.length() && text.charAt(at) == '0' ? at + 1 : someDigits(text, at);
        if (at > 0 && at < text.length() && text.charAt(at) == '.') {
            at = someDigits(text, at + 1);
        }
        if (at > 0 && at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
            at++;
            if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
                at++;
            }
            at = someDigits(text, at);
        }
        return at;
    }

    /** Scans one digit or more; -1 when there is none. */
    private static int someDigits(String text, int at) {
        int end = at;
        while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
            end++;
        }
        return end > at ? end : -1;
    }

    private static int literal(String text, int at, String word) {
        return text.startsWith(word, at) ? at + word.length() : -1;
    }

    private static int space(String text, int at) {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                break;
            }
            at++;
        }
        return at;
    }
}
