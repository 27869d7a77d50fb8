package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PricesTest {
    @Test
    void totalSums() {
        assertEquals(600, Prices.total(List.of(100L, 200L, 300L)));
    }

    @Test
    void taxIsAdded() {
        assertEquals(660, Prices.totalWithTax(List.of(100L, 200L, 300L), 10));
    }
}
