package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvLineTest {
    @Test
    void plainFields() {
        assertEquals(List.of("a", "b", ""), CsvLine.parse("a,b,"));
    }

    @Test
    void quotedFieldsKeepTheirCommasAndDoubledQuotes() {
        assertEquals(List.of("x", "1, 2", "say \"hi\""), CsvLine.parse("x,\"1, 2\",\"say \"\"hi\"\"\""));
    }
}
