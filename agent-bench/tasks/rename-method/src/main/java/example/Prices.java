package example;

import java.util.List;

/** Sums prices in cents. */
public final class Prices {
    private Prices() {
    }

    public static long totl(List<Long> cents) {
        long sum = 0;
        for (long c : cents) {
            sum += c;
        }
        return sum;
    }

    public static long totalWithTax(List<Long> cents, int percent) {
        long net = totl(cents);
        return net + net * percent / 100;
    }
}
