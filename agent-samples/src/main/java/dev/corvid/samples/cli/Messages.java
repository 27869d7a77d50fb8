package dev.corvid.samples.cli;

import java.util.regex.Pattern;

/** Turns messages of failures into plain words for the person at the terminal: no Java class names. */
final class Messages {

    /** A qualified or simple exception class name, with the colon that usually follows it. */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "(?:\\b[a-z][a-z0-9_]*\\.)*\\b[A-Z][A-Za-z0-9_]*(?:Exception|Error)\\b(?:: ?)?");

    private Messages() {
    }

    /** Returns the message without exception class names, or a plain phrase when nothing is left. */
    static String plain(String message) {
        if (message == null || message.isBlank()) {
            return "no details were given";
        }
        String plain = CLASS_NAME.matcher(message).replaceAll("").replaceAll("\\(\\s*\\)", "")
                .replaceAll("\\s{2,}", " ").replaceAll("\\s+([,;:)])", "$1").strip();
        plain = plain.replaceAll("[:,]\\s*$", "").strip();
        return plain.isEmpty() ? "no details were given" : plain;
    }
}
