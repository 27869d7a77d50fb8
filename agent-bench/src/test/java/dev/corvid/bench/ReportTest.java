package dev.corvid.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's targets follow issue 12: CPU within 1.15×, concurrent wall time and p50 within 1.1× the baseline. */
class ReportTest {

    @Test
    void aThreadPerRunP50TwiceTheBaselinesMissesWhileAWallTimeWithinTenPercentPasses() {
        Results results = new Results();
        Results.Key key = new Results.Key("thread-per-run", 17, "blocking");
        results.add(key, "baseline", Map.of("wall_ms", 1520.0, "median_ms", 427.0, "p99_ms", 900.0, "peak_threads", 1010.0));
        results.add(key, "corvid", Map.of("wall_ms", 1600.0, "median_ms", 865.0, "p99_ms", 1500.0, "peak_threads", 1075.0));
        results.addPairs(key, results.samples(key, "corvid").get(0), results.samples(key, "baseline").get(0),
                java.util.Set.of());

        Report report = new Report(results, null, List.of(), List.of());
        Map<String, Boolean> passed = new java.util.HashMap<>();
        report.targets().forEach(target -> passed.put(target.name(), target.pass()));

        assertEquals(Map.of("1,000 runs, a platform thread each: wall time ≤ 1.1× baseline, JDK 17, blocking", true,
                "1,000 runs, a platform thread each: p50 run ≤ 1.1× baseline, JDK 17, blocking", false), passed);
        String markdown = report.markdown();
        assertTrue(markdown.contains("| 17 | blocking | p99 run (ms) | 900 | 1500 | 1.67× |"), markdown);
        assertTrue(markdown.contains("| 17 | blocking | peak live platform threads | 1010 | 1075 | 1.06× |"), markdown);
    }

    @Test
    void sequentialCpuWithinFifteenPercentPasses() {
        Results results = new Results();
        Results.Key key = new Results.Key("sequential", 25, "streaming");
        results.add(key, "baseline", Map.of("cpu_us_per_run", 200.0));
        results.add(key, "corvid", Map.of("cpu_us_per_run", 228.0));
        results.addPair(key, "cpu_us_per_run", 228.0, 200.0);

        List<Report.Target> targets = new Report(results, null, List.of(), List.of()).targets();

        assertEquals(1, targets.size());
        assertEquals("client CPU per run ≤ 1.15× baseline, JDK 25, streaming", targets.get(0).name());
        assertTrue(targets.get(0).pass(), targets.get(0).measured());
    }
}
