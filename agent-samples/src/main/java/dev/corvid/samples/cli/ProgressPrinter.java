package dev.corvid.samples.cli;

import dev.corvid.agent.RunEvent;
import dev.corvid.agent.RunListener;
import dev.corvid.agent.RunResult;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ToolCall;
import dev.corvid.model.Usage;
import dev.corvid.tool.ToolResult;
import dev.corvid.tools.PlanTool;
import java.io.PrintStream;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shows a run's progress on the error stream: the model's text (streamed, or whole when not streaming),
 * each tool call in short with its outcome, refused calls, and at the end the turns, tokens and cost.
 * Every line the CLI prints on the error stream while a run goes on comes through here, so that no
 * partial line is ever glued to the next. Thread-safe: tool events of one turn may come at once.
 */
final class ProgressPrinter implements RunListener {

    private static final int SHORT = 120;
    private static final Pattern EXIT_CODE = Pattern.compile("\\AExit code: (-?\\d+|none[^\\n]*)");

    private final PrintStream out;
    private boolean midLine;
    /** The text streamed in the current turn, to know whether the answer was shown already. */
    private final StringBuilder turnText = new StringBuilder();
    private boolean streamedThisTurn;
    private String lastTurnText = "";
    /** Text of a turn that was not streamed, shown with the next event; null when there is none. */
    private String pendingText;

    ProgressPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void onEvent(RunEvent event) {
        if (event instanceof RunEvent.Compacted) {
            // The text of the turn just finished was the summary the model wrote for itself: not shown.
            pendingText = null;
        } else {
            showPending();
        }
        if (event instanceof RunEvent.RequestSent) {
            requestSent();
        } else if (event instanceof RunEvent.TextDelta delta) {
            textDelta(delta.text());
        } else if (event instanceof RunEvent.TurnFinished finished) {
            turnFinished(finished.response());
        } else if (event instanceof RunEvent.ToolCallDenied denied) {
            denied(denied.call(), denied.reason());
        } else if (event instanceof RunEvent.ToolCallStarted started) {
            endLine();
            out.println("-> " + started.call().name() + " " + shorten(oneLine(started.call().arguments())));
        } else if (event instanceof RunEvent.ToolCallFinished finished) {
            callEnded(finished.call(), finished.result(), finished.duration());
        } else if (event instanceof RunEvent.ToolCallFailed failed) {
            callEnded(failed.call(), failed.result(), failed.duration());
        } else if (event instanceof RunEvent.Compacted compacted) {
            endLine();
            out.println(compacted(compacted));
        }
    }

    private void requestSent() {
        endLine();
        turnText.setLength(0);
        streamedThisTurn = false;
    }

    private void textDelta(String text) {
        out.print(text);
        out.flush();
        turnText.append(text);
        streamedThisTurn = true;
        midLine = !text.endsWith("\n");
    }

    private void turnFinished(ModelResponse response) {
        String text = response.message().text();
        if (!streamedThisTurn && text != null && !text.isBlank()) {
            // Not streamed (--no-stream, or a summarising request): the text between tool calls is still part
            // of the story, shown with the next event unless that says the text was a compaction's summary.
            pendingText = text.strip();
            turnText.append(text);
        }
        endLine();
        lastTurnText = turnText.toString();
    }

    private void callEnded(ToolCall call, ToolResult result, Duration duration) {
        String content = result.content().strip();
        if (call.name().equals(PlanTool.NAME) && !result.error()) {
            out.println("   plan:");
            content.lines().forEach(step -> out.println("     " + step));
            return;
        }
        int lines = content.isEmpty() ? 0 : (int) content.lines().count();
        String first = content.lines().findFirst().orElse("");
        out.println("   " + status(call, result, content) + " " + call.name() + " (" + duration.toMillis() + " ms, "
                + lines + (lines == 1 ? " line" : " lines") + "): " + shorten(first));
    }

    /** Returns the one line that says a run compacted its conversation, and how much it saved. */
    static String compacted(RunEvent.Compacted compacted) {
        String how = compacted.how() == RunEvent.Compacted.How.SUMMARY ? "the model summarised the earlier turns"
                : "the oldest tool outputs were cut";
        return "corvid: compacted the conversation to fit the context window (" + how + "): about "
                + compacted.tokensBefore() + " -> " + compacted.tokensAfter() + " tokens";
    }

    /** Shows a call that was refused before it ran, and why. */
    synchronized void denied(ToolCall call, String reason) {
        showPending();
        endLine();
        out.println("-> " + call.name() + " " + shorten(oneLine(call.arguments())));
        out.println("   denied " + call.name() + ": " + shorten(oneLine(reason == null ? "no reason given" : reason)));
    }

    private void showPending() {
        if (pendingText != null) {
            endLine();
            out.println(pendingText);
            pendingText = null;
        }
    }

    /** Prints a line of the CLI's own, such as an error, on a line of its own. */
    synchronized void line(String text) {
        showPending();
        endLine();
        out.println(text);
    }

    /** Whether the text of the last turn, as shown, is the answer, so that printing it again would repeat it. */
    synchronized boolean showed(String answer) {
        return answer != null && !answer.isBlank() && lastTurnText.strip().equals(answer.strip());
    }

    /** Prints the closing line: how the run ended, turns, tokens and cost. */
    synchronized void summary(RunResult<?> result) {
        showPending();
        endLine();
        Usage usage = result.usage();
        String tokens = usage.isKnown() ? usage.totalTokens() + " tokens (" + usage.promptTokens() + " in, "
                + usage.completionTokens() + " out)" : "tokens not reported";
        String cost = result.cost() == null ? "cost unknown" : "cost " + result.cost();
        out.println("[" + result.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "] "
                + result.turns() + (result.turns() == 1 ? " turn, " : " turns, ") + tokens + ", " + cost
                + (result.detail() == null ? "" : ": " + result.detail()));
    }

    /** A shell command that ran but exited non-zero, or never finished, failed even though the tool worked. */
    private static String status(ToolCall call, ToolResult result, String content) {
        if (result.error()) {
            return "error";
        }
        if (call.name().equals("run_shell")) {
            Matcher exit = EXIT_CODE.matcher(content);
            if (exit.find() && !exit.group(1).equals("0")) {
                return exit.group(1).startsWith("none") ? "failed" : "failed (exit " + exit.group(1) + ")";
            }
        }
        return "ok";
    }

    private void endLine() {
        if (midLine) {
            out.println();
            midLine = false;
        }
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ");
    }

    private static String shorten(String text) {
        return text.length() <= SHORT ? text : text.substring(0, SHORT - 3) + "...";
    }
}
