package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WordsTest {
    @Test
    void runsOfWhitespaceSeparateOnce() {
        assertEquals(2, Words.count("a  b"));
        assertEquals(3, Words.count(" one\ttwo\nthree "));
    }

    @Test
    void blankTextHasNoWords() {
        assertEquals(0, Words.count(""));
        assertEquals(0, Words.count("   "));
    }
}
