package example;

import java.util.List;

public final class Shapes {
    private Shapes() {
    }

    public static double totalArea(List<Object> shapes) {
        double total = 0;
        for (Object shape : shapes) {
            if (shape instanceof Circle circle) {
                total += circle.area();
            } else if (shape instanceof Square square) {
                total += square.area();
            }
        }
        return total;
    }
}
