package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShapesTest {
    @Test
    void shapesShareOneInterface() {
        Shape circle = new Circle(1);
        Shape square = new Square(2);
        List<Shape> shapes = List.of(circle, square);
        assertEquals(Math.PI + 4, Shapes.totalArea(shapes), 1e-9);
    }
}
