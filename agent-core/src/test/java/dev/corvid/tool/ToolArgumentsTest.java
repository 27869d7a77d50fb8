package dev.corvid.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ToolArgumentsTest {

    record Line(@NotBlank String product, @Min(1) int quantity) {
    }

    record Basket(String owner, List<Line> lines) {
    }

    @Test
    void argumentsAreBoundToARecordAsLenientlyAsAnnotatedToolsReadThem() {
        Basket basket = ToolArguments.bind("{owner: 'ann', lines: [{product: 'tea', quantity: 2},],}", Basket.class);
        assertEquals(new Basket("ann", List.of(new Line("tea", 2))), basket);
    }

    @Test
    void aBrokenConstraintInANestedRecordIsReportedWithItsPath() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> ToolArguments.bind(
                "{\"owner\": \"ann\", \"lines\": [{\"product\": \" \", \"quantity\": 0}]}", Basket.class));
        assertTrue(failure.getMessage().contains("lines[0].product"), failure.getMessage());
        assertTrue(failure.getMessage().contains("lines[0].quantity"), failure.getMessage());
    }

    @Test
    void argumentsOfTheWrongShapeAreReportedForTheModel() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> ToolArguments.bind("[1, 2]", Basket.class));
        assertTrue(failure.getMessage().contains("must be a JSON object"), failure.getMessage());
    }

    @Test
    void theSchemaOfARecordCarriesItsConstraints() {
        ObjectNode schema = ToolArguments.schema(Line.class);
        assertEquals("object", schema.path("type").asString());
        assertEquals(1, schema.path("properties").path("quantity").path("minimum").asInt());
        assertTrue(schema.toString().contains("product"), schema.toString());
    }
}
