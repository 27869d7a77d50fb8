package dev.corvid.samples.cli;

import dev.corvid.agent.RunResult;
import dev.corvid.model.Cost;
import dev.corvid.model.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * What the tasks of an interactive session used, for {@code /cost}: each task's requests, tokens and money,
 * and the sum. Not thread-safe: the session's loop alone adds to it.
 */
final class CostLedger {

    private static final int TASK_WIDTH = 40;

    /** One task: its first line, the requests it sent, their tokens and their cost (null when unknown). */
    record Entry(String task, int turns, Usage usage, Cost cost) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Adds a task that ended, however it ended. */
    void add(String task, RunResult<?> result) {
        entries.add(new Entry(task, result.turns(), result.usage(), result.cost()));
    }

    /** Returns the entries, oldest first. */
    List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Returns the table of {@code /cost}: one row per task, then the total. */
    String table() {
        if (entries.isEmpty()) {
            return "no tasks yet in this session: nothing spent";
        }
        StringBuilder table = new StringBuilder(String.format("%3s  %-" + TASK_WIDTH + "s  %5s  %-26s  %s%n",
                "#", "TASK", "TURNS", "TOKENS (IN / OUT)", "COST"));
        int turns = 0;
        Usage usage = Usage.ZERO;
        Cost cost = null;
        boolean costKnown = true;
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            table.append(String.format("%3d  %-" + TASK_WIDTH + "s  %5d  %-26s  %s%n", i + 1, task(entry.task()),
                    entry.turns(), tokens(entry.usage()), entry.cost() == null ? "unknown" : entry.cost()));
            turns += entry.turns();
            usage = usage.plus(entry.usage());
            if (entry.cost() == null) {
                costKnown = false;
            } else {
                cost = cost == null ? entry.cost() : cost.plus(entry.cost());
            }
        }
        String total = cost == null ? "unknown" : cost + (costKnown ? "" : " (some tasks' cost unknown)");
        table.append(String.format("%3s  %-" + TASK_WIDTH + "s  %5d  %-26s  %s", "", "total", turns, tokens(usage), total));
        return table.toString();
    }

    private static String tokens(Usage usage) {
        return usage.isKnown() ? usage.totalTokens() + " (" + usage.promptTokens() + " / " + usage.completionTokens() + ")"
                : "not reported";
    }

    private static String task(String task) {
        String line = task.strip().lines().findFirst().orElse("");
        return line.length() > TASK_WIDTH ? line.substring(0, TASK_WIDTH - 3) + "..." : line;
    }
}
