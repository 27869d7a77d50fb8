package example;

import java.util.List;

public final class Shapes {
    private Shapes() {
    }

    public static double totalArea(List<Shape> shapes) {
        double total = 0;
        for (Shape shape : shapes) {
            total += shape.area();
        }
        return total;
    }
}
