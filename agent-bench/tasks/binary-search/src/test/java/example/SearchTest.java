package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SearchTest {
    private final int[] values = {1, 3, 5, 7, 9};

    @Test
    void everyElementIsFound() {
        for (int i = 0; i < values.length; i++) {
            assertEquals(i, Search.indexOf(values, values[i]));
        }
        assertEquals(0, Search.indexOf(new int[] {4}, 4));
    }

    @Test
    void missingValuesAreMinusOne() {
        assertEquals(-1, Search.indexOf(values, 4));
        assertEquals(-1, Search.indexOf(new int[0], 4));
    }
}
