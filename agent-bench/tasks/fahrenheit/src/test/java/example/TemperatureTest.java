package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TemperatureTest {
    @Test
    void converts() {
        assertEquals(212.0, Temperature.toFahrenheit(100), 1e-9);
        assertEquals(99.5, Temperature.toFahrenheit(37.5), 1e-9);
        assertEquals(-40.0, Temperature.toFahrenheit(-40), 1e-9);
    }
}
