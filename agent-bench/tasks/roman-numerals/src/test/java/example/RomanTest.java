package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RomanTest {
    @Test
    void subtractiveForms() {
        assertEquals("IV", Roman.of(4));
        assertEquals("IX", Roman.of(9));
        assertEquals("XLII", Roman.of(42));
        assertEquals("MCMXCIV", Roman.of(1994));
    }

    @Test
    void additiveForms() {
        assertEquals("III", Roman.of(3));
        assertEquals("MDCLXVI", Roman.of(1666));
    }
}
