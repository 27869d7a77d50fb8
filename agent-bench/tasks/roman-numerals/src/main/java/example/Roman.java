package example;

/** Writes numbers as Roman numerals. */
public final class Roman {
    private static final int[] VALUES = {1000, 500, 100, 50, 10, 5, 1};
    private static final String[] SYMBOLS = {"M", "D", "C", "L", "X", "V", "I"};

    private Roman() {
    }

    public static String of(int number) {
        StringBuilder roman = new StringBuilder();
        for (int i = 0; i < VALUES.length; i++) {
            while (number >= VALUES[i]) {
                roman.append(SYMBOLS[i]);
                number -= VALUES[i];
            }
        }
        return roman.toString();
    }
}
