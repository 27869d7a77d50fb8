package dev.corvid.samples.cli;

import dev.corvid.agent.ToolApprover;
import dev.corvid.model.ToolCall;
import dev.corvid.tools.CodingTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks the person at the terminal before a tool changes anything: shows the diff, the file or the command,
 * and takes yes, no, always (for this session) or a reason to pass back to the model. Reading tools run
 * without asking. Without a terminal, changing tools are refused and the model is told why.
 */
final class TerminalApprover implements ToolApprover {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PREVIEW_LINES = 20;

    private final BufferedReader in;
    private final PrintStream out;
    private final Function<ToolCall, Optional<String>> preview;
    private final Set<String> approvedForSession = new HashSet<>();
    /** Which tools are asked about; the others run unasked. */
    private Predicate<String> asksAbout = CodingTools.MUTATING_TOOLS::contains;

    /**
     * @param in the terminal's input, or null when there is no terminal
     * @param out where questions are written
     * @param preview shows what a call would change, such as {@link CodingTools#preview}; empty falls back
     *     to a plain description of the call
     */
    TerminalApprover(BufferedReader in, PrintStream out, Function<ToolCall, Optional<String>> preview) {
        this(in, out, preview, Set.of());
    }

    /**
     * @param approved the tools whose calls run without asking from the start, as if answered "always"
     */
    TerminalApprover(BufferedReader in, PrintStream out, Function<ToolCall, Optional<String>> preview,
                     Set<String> approved) {
        this.in = in;
        this.out = out;
        this.preview = preview;
        approvedForSession.addAll(approved);
    }

    /**
     * Returns the approver of {@code --approval}: read-only refuses every change, yes allows all.
     *
     * @param sandboxed whether shell commands run in a sandbox that confines their writes to the workspace;
     *     auto-edit then runs them without asking, as it makes edits, and asks only where there is none
     */
    static ToolApprover forMode(CliOptions.ApprovalMode mode, BufferedReader in, PrintStream out,
                                Function<ToolCall, Optional<String>> preview, boolean sandboxed) {
        return switch (mode) {
            case READ_ONLY -> call -> CodingTools.MUTATING_TOOLS.contains(call.name())
                    ? Approval.deny("corvid runs read-only (--approval read-only), so " + call.name()
                    + " is not allowed; say what you would change instead")
                    : Approval.allow();
            case ASK -> new TerminalApprover(in, out, preview);
            case AUTO_EDIT -> new TerminalApprover(in, out, preview, sandboxed
                    ? Set.of("write_file", "edit_file", "run_shell") : Set.of("write_file", "edit_file"));
            case YES -> ToolApprover.ALLOW_ALL;
        };
    }

    /** Returns an approver that asks about every call it reviews, for tools that another approver grades. */
    static TerminalApprover askingAboutAll(BufferedReader in, PrintStream out) {
        TerminalApprover approver = new TerminalApprover(in, out, call -> Optional.empty());
        approver.asksAbout = name -> true;
        return approver;
    }

    @Override
    public synchronized Approval review(ToolCall call) {
        if (!asksAbout.test(call.name()) || approvedForSession.contains(call.name())) {
            return Approval.allow();
        }
        if (in == null) {
            return Approval.deny("corvid runs without a terminal to ask the user and without --yes, so "
                    + call.name() + " is not allowed; say what you would change instead");
        }
        out.println();
        out.println(preview.apply(call).orElseGet(() -> describe(call)));
        out.print("Allow " + call.name() + "? [y]es, [n]o, [a]lways this session, or type a reason to refuse: ");
        out.flush();
        String answer;
        try {
            answer = in.readLine();
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null) {
            return Approval.deny("the user did not answer");
        }
        String word = answer.strip().toLowerCase(Locale.ROOT);
        switch (word) {
            case "y", "yes" -> {
                return Approval.allow();
            }
            case "a", "always" -> {
                approvedForSession.add(call.name());
                return Approval.allow();
            }
            case "", "n", "no" -> {
                return Approval.deny("the user refused");
            }
            default -> {
                return Approval.deny(answer.strip());
            }
        }
    }

    /** Shows what the call would do: a diff for edits, the start of the content for writes, the command for shell. */
    static String describe(ToolCall call) {
        JsonNode arguments;
        try {
            arguments = JSON.readTree(call.arguments());
        } catch (JacksonException e) {
            return call.name() + " " + call.arguments();
        }
        StringBuilder text = new StringBuilder();
        switch (call.name()) {
            case "edit_file" -> {
                text.append("edit ").append(arguments.path("path").asString("?"))
                        .append(arguments.path("replace_all").asBoolean(false) ? " (every occurrence)" : "").append('\n');
                arguments.path("old_text").asString("").lines().limit(PREVIEW_LINES)
                        .forEach(line -> text.append("- ").append(line).append('\n'));
                arguments.path("new_text").asString("").lines().limit(PREVIEW_LINES)
                        .forEach(line -> text.append("+ ").append(line).append('\n'));
            }
            case "write_file" -> {
                String content = arguments.path("content").asString("");
                text.append("write ").append(arguments.path("path").asString("?")).append(" (")
                        .append(content.lines().count()).append(" lines)\n");
                content.lines().limit(PREVIEW_LINES).forEach(line -> text.append("+ ").append(line).append('\n'));
            }
            case "run_shell" -> text.append("run: ").append(arguments.path("command").asString("?")).append('\n');
            default -> text.append(call.name()).append(' ').append(call.arguments()).append('\n');
        }
        return text.toString().stripTrailing();
    }
}
