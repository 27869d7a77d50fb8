package dev.corvid.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OutputLimitTest {

    @Test
    void shortTextIsKeptWhole() {
        assertEquals("hello", OutputLimit.cap("hello", 3, 3));
        assertEquals("abcdef", OutputLimit.cap("abcdef", 3, 3));
    }

    @Test
    void longTextKeepsHeadAndTailAroundACountedMarker() {
        assertEquals("abc\n[... 4 characters omitted ...]\nhij", OutputLimit.cap("abcdefghij", 3, 3));
    }

    @Test
    void theCountUsesThousandsSeparators() {
        assertEquals("a\n[... 12,345 characters omitted ...]\nb",
                OutputLimit.cap("a" + "x".repeat(12_345) + "b", 1, 1));
    }

    @Test
    void appendingInPiecesKeepsTheSameHeadAndTail() {
        OutputLimit limit = new OutputLimit(4, 4);
        String text = "0123456789abcdefghij";
        for (int i = 0; i < text.length(); i += 3) {
            char[] piece = text.substring(i, Math.min(text.length(), i + 3)).toCharArray();
            limit.append(piece, 0, piece.length);
        }

        assertEquals(20, limit.total());
        assertEquals("0123\n[... 12 characters omitted ...]\nghij", limit.text());
    }
}
