package example;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CalendarTest {
    @Test
    void centuriesAreLeapOnlyWhenDivisibleBy400() {
        assertFalse(Calendar.isLeap(1900));
        assertTrue(Calendar.isLeap(2000));
        assertFalse(Calendar.isLeap(2100));
    }

    @Test
    void ordinaryYears() {
        assertTrue(Calendar.isLeap(2024));
        assertFalse(Calendar.isLeap(2023));
    }
}
