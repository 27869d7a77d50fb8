package dev.corvid.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every number the client JVMs reported, grouped by scenario, JDK, mode and client, in the order measured.
 * Not thread-safe.
 */
final class Results {

    /**
     * What was measured: a scenario on one JDK in one mode.
     *
     * @param scenario {@code sequential}, {@code concurrent} or {@code cold}
     * @param jdk the feature release the clients ran on
     * @param mode {@code blocking} or {@code streaming}
     */
    record Key(String scenario, int jdk, String mode) {
        @Override
        public String toString() {
            return scenario + " JDK " + jdk + " " + mode;
        }
    }

    private final Map<Key, Map<String, List<Map<String, Double>>>> samples = new LinkedHashMap<>();
    private final Map<Key, Map<String, List<Double>>> pairRatios = new LinkedHashMap<>();

    void add(Key key, String client, Map<String, Double> values) {
        samples.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(client, c -> new ArrayList<>())
                .add(values);
    }

    /**
     * Records Corvid's value over the baseline's for one pair of measurements taken back to back, which
     * cancels most of the load the rest of the machine adds.
     */
    void addPair(Key key, String metric, double corvid, double baseline) {
        pairRatios.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(metric, m -> new ArrayList<>())
                .add(corvid / baseline);
    }

    /** Adds a pair for every metric both samples have, except those measured in finer pairs. */
    void addPairs(Key key, Map<String, Double> corvid, Map<String, Double> baseline, Set<String> except) {
        corvid.forEach((metric, value) -> {
            Double other = baseline.get(metric);
            if (other != null && other != 0 && !except.contains(metric)) {
                addPair(key, metric, value, other);
            }
        });
    }

    /** Returns the ratios of every pair of a metric, in the order measured. */
    List<Double> pairs(Key key, String metric) {
        return pairRatios.getOrDefault(key, Map.of()).getOrDefault(metric, List.of());
    }

    Set<Key> keys() {
        return samples.keySet();
    }

    /** Returns every sample of a client, oldest first; empty when none. */
    List<Map<String, Double>> samples(Key key, String client) {
        return samples.getOrDefault(key, Map.of()).getOrDefault(client, List.of());
    }

    /** Returns the median of a metric over a client's samples, or NaN when there are none. */
    double median(Key key, String client, String metric) {
        return median(samples(key, client).stream().map(sample -> sample.get(metric))
                .filter(value -> value != null).mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * Returns how Corvid compares with the baseline: the median of the paired ratios where pairs were
     * recorded, else Corvid's median over the baseline's; NaN when a side is missing.
     */
    double ratio(Key key, String metric) {
        List<Double> pairs = pairs(key, metric);
        if (!pairs.isEmpty()) {
            return median(pairs.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return median(key, "corvid", metric) / median(key, "baseline", metric);
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
