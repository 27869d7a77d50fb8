package dev.corvid.tools;

import java.util.regex.Pattern;

/**
 * Turns glob patterns into regular expressions over {@code /}-separated relative paths: {@code *} and
 * {@code ?} stay within one path segment, {@code **} crosses segments, {@code [...]} is a character class
 * and, when asked for, {@code {a,b}} is a choice.
 */
final class Glob {

    private static final String REGEX_SPECIALS = ".^$+(){}|[]\\*?";

    private Glob() {
    }

    /**
     * Compiles a glob.
     *
     * @param glob the pattern; never null
     * @param braces whether {@code {a,b}} means a choice (the tools' glob argument) or literal braces (.gitignore)
     */
    static Pattern compile(String glob, boolean braces) {
        return Pattern.compile(toRegex(glob, braces));
    }

    static String toRegex(String glob, boolean braces) {
        StringBuilder regex = new StringBuilder(glob.length() * 2);
        int length = glob.length();
        for (int i = 0; i < length; i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> i = star(glob, i, regex);
                case '?' -> regex.append("[^/]");
                case '[' -> i = characterClass(glob, i, regex);
                case '\\' -> {
                    if (i + 1 < length) {
                        literal(glob.charAt(++i), regex);
                    } else {
                        literal(c, regex);
                    }
                }
                case '{' -> {
                    int close = braces ? glob.indexOf('}', i) : -1;
                    if (close < 0) {
                        literal(c, regex);
                    } else {
                        regex.append("(?:");
                        String[] choices = glob.substring(i + 1, close).split(",", -1);
                        for (int choice = 0; choice < choices.length; choice++) {
                            regex.append(choice == 0 ? "" : "|").append(toRegex(choices[choice], false));
                        }
                        regex.append(')');
                        i = close;
                    }
                }
                default -> literal(c, regex);
            }
        }
        return regex.toString();
    }

    /** Appends a run of stars starting at {@code start} and returns the index of its last character. */
    private static int star(String glob, int start, StringBuilder regex) {
        int end = start;
        while (end + 1 < glob.length() && glob.charAt(end + 1) == '*') {
            end++;
        }
        boolean doubleStar = end > start;
        boolean segmentStart = start == 0 || glob.charAt(start - 1) == '/';
        boolean segmentEnd = end + 1 == glob.length() || glob.charAt(end + 1) == '/';
        if (!doubleStar || !segmentStart || !segmentEnd) {
            regex.append("[^/]*");
            return end;
        }
        if (end + 1 == glob.length()) {
            // "dir/**" is everything inside dir; a lone "**" is everything.
            regex.append(".*");
            return end;
        }
        // "**/" is zero or more whole directories.
        regex.append("(?:.*/)?");
        return end + 1;
    }

    /** Appends a bracket expression starting at {@code start} and returns the index of its closing bracket. */
    private static int characterClass(String glob, int start, StringBuilder regex) {
        int i = start + 1;
        boolean negated = i < glob.length() && (glob.charAt(i) == '!' || glob.charAt(i) == '^');
        if (negated) {
            i++;
        }
        int firstMember = i;
        // A ']' right after the opening bracket is a member, not the end.
        if (i < glob.length() && glob.charAt(i) == ']') {
            i++;
        }
        while (i < glob.length() && glob.charAt(i) != ']') {
            i++;
        }
        if (i >= glob.length()) {
            literal('[', regex);
            return start;
        }
        // A negated class must not match the separator either: [!a] is any one character but 'a' and '/'.
        regex.append(negated ? "[^/" : "[");
        for (int member = firstMember; member < i; member++) {
            char c = glob.charAt(member);
            if (c == '\\' || c == '[' || c == ']' || c == '&' || (c == '^' && member == firstMember)) {
                regex.append('\\');
            }
            regex.append(c);
        }
        regex.append(']');
        return i;
    }

    private static void literal(char c, StringBuilder regex) {
        if (REGEX_SPECIALS.indexOf(c) >= 0) {
            regex.append('\\');
        }
        regex.append(c);
    }
}
