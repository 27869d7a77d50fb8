package dev.corvid.bench.tasks;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How an agent did on one task.
 *
 * @param task the task's name
 * @param agent the agent's name
 * @param passed whether the task's tests passed after the agent's work
 * @param turns model requests sent
 * @param tokens tokens used, 0 when not reported
 * @param cost the cost as reported, null when unknown
 * @param millis the agent's wall time
 * @param note how the agent ended, and why the task failed
 */
record TaskResult(String task, String agent, boolean passed, int turns, long tokens, String cost, long millis,
                  String note) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Returns the result as one line of JSON. */
    String json() {
        ObjectNode line = JSON.createObjectNode().put("task", task).put("agent", agent).put("passed", passed)
                .put("turns", turns).put("tokens", tokens).put("cost", cost).put("seconds", millis / 1000.0)
                .put("note", note);
        return line.toString();
    }

    /** Returns the closing line of a JSONL report: totals over the results. */
    static String totalJson(List<TaskResult> results) {
        long passed = results.stream().filter(TaskResult::passed).count();
        ObjectNode line = JSON.createObjectNode().put("total", true)
                .put("agent", results.isEmpty() ? "" : results.get(0).agent()).put("tasks", results.size())
                .put("passed", passed).put("pass_rate", results.isEmpty() ? 0 : (double) passed / results.size())
                .put("turns", results.stream().mapToInt(TaskResult::turns).sum())
                .put("tokens", results.stream().mapToLong(TaskResult::tokens).sum())
                .put("cost", totalCost(results))
                .put("seconds", results.stream().mapToLong(TaskResult::millis).sum() / 1000.0);
        return line.toString();
    }

    /** Returns a plain-text table: one row per task and a total row. */
    static String table(List<TaskResult> results) {
        StringBuilder table = new StringBuilder();
        String format = "%-18s %-5s %6s %9s %14s %8s  %s%n";
        table.append(String.format(Locale.ROOT, format, "task", "pass", "turns", "tokens", "cost", "seconds", "note"));
        for (TaskResult result : results) {
            table.append(String.format(Locale.ROOT, format, result.task(), result.passed() ? "yes" : "no",
                    result.turns(), result.tokens(), result.cost() == null ? "-" : result.cost(),
                    String.format(Locale.ROOT, "%.1f", result.millis() / 1000.0), result.note()));
        }
        long passed = results.stream().filter(TaskResult::passed).count();
        String cost = totalCost(results);
        table.append(String.format(Locale.ROOT, format, "total", passed + "/" + results.size(),
                results.stream().mapToInt(TaskResult::turns).sum(), results.stream().mapToLong(TaskResult::tokens).sum(),
                cost == null ? "-" : cost,
                String.format(Locale.ROOT, "%.1f", results.stream().mapToLong(TaskResult::millis).sum() / 1000.0),
                String.format(Locale.ROOT, "pass rate %.0f%%", results.isEmpty() ? 0.0 : 100.0 * passed / results.size())));
        return table.toString();
    }

    /** Sums costs printed as {@code 0.0012 USD}; null when none is known or their currencies differ. */
    private static String totalCost(List<TaskResult> results) {
        BigDecimal sum = BigDecimal.ZERO;
        String currency = null;
        boolean any = false;
        for (TaskResult result : results) {
            if (result.cost() == null) {
                continue;
            }
            String[] parts = result.cost().split(" ");
            try {
                sum = sum.add(new BigDecimal(parts[0]));
            } catch (NumberFormatException e) {
                return null;
            }
            String unit = parts.length > 1 ? parts[1] : "";
            if (currency != null && !currency.equals(unit)) {
                return null;
            }
            currency = unit;
            any = true;
        }
        return any ? (sum.toPlainString() + " " + currency).strip() : null;
    }
}
