package dev.corvid.samples.cli;

import dev.corvid.agent.RunEvent;
import dev.corvid.agent.RunListener;
import dev.corvid.agent.RunResult;
import dev.corvid.model.ToolCall;
import dev.corvid.model.Usage;
import dev.corvid.tool.ToolResult;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Shows a run's progress on the error stream: streamed text, each tool call in short with its outcome,
 * and at the end the turns, tokens and cost. Thread-safe: tool events of one turn may come at once.
 */
final class ProgressPrinter implements RunListener {

    private static final int SHORT = 120;

    private final PrintStream out;
    private boolean midLine;

    ProgressPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void onEvent(RunEvent event) {
        if (event instanceof RunEvent.TextDelta delta) {
            out.print(delta.text());
            out.flush();
            midLine = !delta.text().endsWith("\n");
        } else if (event instanceof RunEvent.TurnFinished) {
            endLine();
        } else if (event instanceof RunEvent.ToolCallStarted started) {
            endLine();
            ToolCall call = started.call();
            out.println("-> " + call.name() + " " + shorten(call.arguments().replaceAll("\\s+", " ")));
        } else if (event instanceof RunEvent.ToolCallFinished finished) {
            printEnd(finished.call(), finished.result(), finished.duration());
        } else if (event instanceof RunEvent.ToolCallFailed failed) {
            printEnd(failed.call(), failed.result(), failed.duration());
        }
    }

    private void printEnd(ToolCall call, ToolResult result, Duration duration) {
        String content = result.content().strip();
        int lines = content.isEmpty() ? 0 : (int) content.lines().count();
        String first = content.lines().findFirst().orElse("");
        out.println("   " + (result.error() ? "error" : "ok") + " " + call.name() + " (" + duration.toMillis() + " ms, "
                + lines + (lines == 1 ? " line" : " lines") + "): " + shorten(first));
    }

    /** Prints the closing line: how the run ended, turns, tokens and cost. */
    synchronized void summary(RunResult<?> result) {
        endLine();
        Usage usage = result.usage();
        String tokens = usage.isKnown() ? usage.totalTokens() + " tokens (" + usage.promptTokens() + " in, "
                + usage.completionTokens() + " out)" : "tokens not reported";
        String cost = result.cost() == null ? "cost unknown" : "cost " + result.cost();
        out.println("[" + result.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "] "
                + result.turns() + (result.turns() == 1 ? " turn, " : " turns, ") + tokens + ", " + cost
                + (result.detail() == null ? "" : ": " + result.detail()));
    }

    private void endLine() {
        if (midLine) {
            out.println();
            midLine = false;
        }
    }

    private static String shorten(String text) {
        return text.length() <= SHORT ? text : text.substring(0, SHORT - 3) + "...";
    }
}
