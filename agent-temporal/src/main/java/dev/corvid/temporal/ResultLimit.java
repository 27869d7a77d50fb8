package dev.corvid.temporal;

/** Cuts long tool results in the middle, keeping head and tail around a marker that says how much went. */
final class ResultLimit {

    private ResultLimit() {
    }

    static String cap(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int head = maxChars / 2;
        int tail = maxChars - head;
        // Never split a surrogate pair: a lone half would not survive UTF-8.
        if (Character.isHighSurrogate(text.charAt(head - 1))) {
            head--;
        }
        int tailStart = text.length() - tail;
        if (Character.isLowSurrogate(text.charAt(tailStart))) {
            tailStart++;
        }
        long omitted = tailStart - (long) head;
        return text.substring(0, head) + "\n[... " + omitted + " characters omitted: the result was longer than "
                + maxChars + " characters ...]\n" + text.substring(tailStart);
    }
}
