package dev.corvid.tools;

/**
 * Collects text up to a limit, keeping its head and its tail: long output is cut in the middle, where it
 * matters least, with a marker that says how much was left out. The tail is a ring buffer, so output of any
 * length costs a fixed amount of memory. Thread-safe: one thread may append while another reads.
 */
final class OutputLimit {

    private final int headLimit;
    private final StringBuilder head;
    private final char[] tail;
    private int tailStart;
    private int tailLength;
    private long total;

    /**
     * @param headLimit characters kept from the start
     * @param tailLimit characters kept from the end
     */
    OutputLimit(int headLimit, int tailLimit) {
        this.headLimit = headLimit;
        this.head = new StringBuilder(Math.min(headLimit, 8192));
        this.tail = new char[tailLimit];
    }

    /** Returns text cut to its first {@code headLimit} and last {@code tailLimit} characters, with a marker. */
    static String cap(String text, int headLimit, int tailLimit) {
        OutputLimit limit = new OutputLimit(headLimit, tailLimit);
        limit.append(text.toCharArray(), 0, text.length());
        return limit.text();
    }

    synchronized void append(char[] chars, int offset, int length) {
        total += length;
        int toHead = Math.min(length, headLimit - head.length());
        if (toHead > 0) {
            head.append(chars, offset, toHead);
        }
        for (int i = offset + Math.max(toHead, 0); i < offset + length && tail.length > 0; i++) {
            tail[(tailStart + tailLength) % tail.length] = chars[i];
            if (tailLength < tail.length) {
                tailLength++;
            } else {
                tailStart = (tailStart + 1) % tail.length;
            }
        }
    }

    /** Returns how many characters were appended in all. */
    synchronized long total() {
        return total;
    }

    /** Returns the text kept: all of it when it fit, else head, marker and tail. */
    synchronized String text() {
        StringBuilder out = new StringBuilder(head.length() + tailLength + 64).append(head);
        long omitted = total - head.length() - tailLength;
        if (omitted > 0) {
            out.append(out.length() > 0 && out.charAt(out.length() - 1) == '\n' ? "" : "\n")
                    .append("[... ").append(TextFiles.count(omitted)).append(" characters omitted ...]\n");
        }
        for (int i = 0; i < tailLength; i++) {
            out.append(tail[(tailStart + i) % tail.length]);
        }
        return out.toString();
    }
}
