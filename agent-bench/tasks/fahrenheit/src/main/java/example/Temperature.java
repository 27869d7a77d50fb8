package example;

/** Converts temperatures. */
public final class Temperature {
    private Temperature() {
    }

    public static double toFahrenheit(double celsius) {
        return celsius * (9 / 5) + 32;
    }
}
