package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OrderTest {
    @Test
    void anOrderAdvancesThroughItsStates() {
        Order order = new Order();
        assertEquals(Order.Status.NEW, order.status());
        order.advance();
        assertEquals(Order.Status.PAID, order.status());
        order.advance();
        order.advance();
        assertEquals(Order.Status.SHIPPED, order.status());
    }
}
