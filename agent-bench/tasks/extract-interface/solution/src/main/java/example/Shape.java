package example;

/** A plane figure with an area. */
public interface Shape {
    double area();
}
