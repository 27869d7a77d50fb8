package dev.corvid.samples.cli;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunEvent;
import dev.corvid.agent.RunHandle;
import dev.corvid.agent.RunListener;
import dev.corvid.agent.RunOutcome;
import dev.corvid.agent.RunResult;
import dev.corvid.agent.ToolApprover;
import dev.corvid.model.ModelException;
import dev.corvid.openai.OpenAiCompatibleModel;
import dev.corvid.session.Session;
import dev.corvid.session.SessionStore;
import dev.corvid.tool.ToolSet;
import dev.corvid.tools.CodingTools;
import dev.corvid.tools.ProjectRules;
import dev.corvid.tools.Sandbox;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;

/**
 * An interactive {@code corvid} session on a terminal: each line is a task for the agent in one stored
 * session, a line ending in a backslash goes on on the next, and the slash commands manage the session.
 * Ctrl-C cancels the running turn and keeps the session; Ctrl-D or {@code /exit} leaves. The input history
 * is kept across sessions in {@code $CORVID_HOME/history}.
 */
final class InteractiveSession {

    static final String PROMPT = "corvid> ";

    static final String HELP = String.join("\n",
            "Type a task and press Enter; end a line with \\ to go on on the next. Ctrl-C cancels the running turn,",
            "Ctrl-D or /exit leaves. Commands:",
            "  /help          this list",
            "  /compact       compact the conversation now: the model summarises it, the next task goes on from that",
            "  /clear         start a new session",
            "  /resume [ID]   go on with another session of this workspace (a list to pick from without ID)",
            "  /undo          put back the files the last turn changed, and tell the model",
            "  /model [ID]    show the model, or switch to another",
            "  /cost          tokens and money of each task of this session, and in total",
            "  /init          write an AGENTS.md for this project from a look at it",
            "  /exit          leave");

    static final String INIT_TASK = String.join(" ",
            "Write an AGENTS.md file at the workspace root for coding agents that will work on this project.",
            "First look at the project: its build files, its layout, its README and its tests.",
            "Then say briefly what the project is, how to build it and run its tests (the exact commands),",
            "how the code is laid out, and the conventions its code follows.",
            "Keep it short and factual. If an AGENTS.md exists already, improve it instead of replacing it.");

    private static final List<String> COMMANDS = List.of("/help", "/compact", "/clear", "/resume", "/undo",
            "/model", "/cost", "/init", "/exit");

    private final Terminal terminal;
    private final LineReader reader;
    private final PrintStream screen;
    private final CliOptions options;
    private final Map<String, String> environment;
    private final Path workspace;
    private final SessionStore store;
    private final CodingTools tools;
    private final ProjectRules rules;
    private final ProgressPrinter progress;
    private final AgentSetup setup;
    private final ToolApprover approver;
    private final ToolSet mcp;
    private final List<OpenAiCompatibleModel> models = new ArrayList<>();
    private OpenAiCompatibleModel model;
    private Agent agent;
    private Session session;
    private CostLedger ledger = new CostLedger();
    /** The checkpoint of the running turn, taken before its first change. */
    private volatile Checkpoint checkpoint;
    private volatile RunHandle<String> running;
    /** Whether the user cancelled the running turn. */
    private volatile boolean cancelled;

    private InteractiveSession(Terminal terminal, CliOptions options, Map<String, String> environment,
                               OpenAiCompatibleModel model, Path workspace, Sandbox sandbox) {
        this.terminal = terminal;
        this.options = options;
        this.environment = environment;
        this.workspace = workspace;
        this.model = model;
        Path home = Checkpoint.home(environment);
        this.store = CliSessions.store(home);
        this.screen = new PrintStream(terminal.output(), true, terminal.encoding());
        DefaultParser parser = new DefaultParser();
        parser.setEofOnEscapedNewLine(true);
        this.reader = LineReaderBuilder.builder().terminal(terminal).appName("corvid").parser(parser)
                .completer(new StringsCompleter(COMMANDS))
                .variable(LineReader.HISTORY_FILE, home.resolve("history"))
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "   ...> ")
                // A task is text, not a shell line: "!" stays as typed.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        this.progress = new ProgressPrinter(screen);
        this.tools = CodingTools.builder(workspace).sandbox(sandbox).build();
        this.rules = ProjectRules.read(workspace);
        TerminalLines answers = new TerminalLines(reader, this::cancel);
        this.setup = new AgentSetup(environment, answers, screen);
        ToolApprover coding = setup.approver(options, tools, progress, () -> checkpoint);
        this.mcp = options.mcpFiles().isEmpty() ? null : McpSetup.start(options.mcpFiles());
        this.approver = mcp == null ? coding : McpSetup.approver(mcp, options.approval(), coding, answers, screen);
    }

    /**
     * Runs an interactive session until the user leaves it.
     *
     * @param terminal the terminal to read and show on; left open
     * @param model the model the session starts with; closed by the caller
     * @param sandbox the sandbox of shell commands, with its network setting
     * @return the exit status: 0, or 2 when the session cannot start
     */
    static int run(Terminal terminal, CliOptions options, Map<String, String> environment,
                   OpenAiCompatibleModel model, Path workspace, Sandbox sandbox) {
        InteractiveSession interactive;
        try {
            interactive = new InteractiveSession(terminal, options, environment, model, workspace, sandbox);
        } catch (IllegalArgumentException e) {
            new PrintStream(terminal.output(), true, terminal.encoding())
                    .println("corvid: " + Messages.plain(e.getMessage()));
            return ExitStatus.USAGE;
        }
        return interactive.loop();
    }

    private int loop() {
        try {
            try {
                agent = AgentSetup.agent(options, model, tools, approver, progress, rules, mcp);
                session = CliSessions.choose(store, workspace, options.continueLast(), options.resume());
            } catch (IllegalArgumentException | UncheckedIOException e) {
                screen.println("corvid: " + Messages.plain(e.getMessage()));
                return ExitStatus.USAGE;
            }
            AgentSetup.banner(options, model, tools, rules, workspace).forEach(screen::println);
            screen.println(session.messages().isEmpty() ? "corvid: new session " + session.id()
                    : "corvid: continuing session " + session.id() + " (" + session.info().turns() + " turns so far)");
            screen.println("corvid: type a task, /help for the commands, Ctrl-D or /exit to leave");
            while (true) {
                String line;
                try {
                    line = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C at the prompt drops the line typed so far
                } catch (EndOfFileException e) {
                    break;
                }
                String input = line.replace("\\\r\n", "\n").replace("\\\n", "\n").strip();
                if (input.isEmpty()) {
                    continue;
                }
                if (input.startsWith("/")) {
                    if (!command(input)) {
                        break;
                    }
                } else {
                    turn(input);
                }
            }
            screen.println("corvid: session: " + session.id());
            return ExitStatus.ANSWERED;
        } finally {
            saveHistory();
            if (agent != null) {
                agent.close(); // ends the MCP servers
            } else if (mcp != null) {
                mcp.close();
            }
            models.forEach(OpenAiCompatibleModel::close); // the first model is the caller's to close
        }
    }

    /** Runs one task in the session; Ctrl-C cancels it and the session goes on. */
    private void turn(String task) {
        checkpoint = Checkpoint.of(workspace, environment);
        try {
            RunResult<String> result = follow(task, agent.runAsync(session, task, RunListener.NONE));
            if (result == null) {
                return;
            }
            if (result.outcome() == RunOutcome.ANSWERED && !progress.showed(result.output())) {
                progress.line(result.output());
            }
            progress.summary(result);
        } finally {
            TaskRunner.finish(checkpoint, progress);
        }
    }

    /** Compacts the session now: the model summarises it, and the next task goes on from the summary. */
    private void compact() {
        List<RunEvent.Compacted> compactions = new java.util.concurrent.CopyOnWriteArrayList<>();
        RunResult<String> result = follow("/compact", agent.compactAsync(session, event -> {
            if (event instanceof RunEvent.Compacted compacted) {
                compactions.add(compacted);
            }
        }));
        if (result == null) {
            return;
        }
        if (result.output() == null) {
            screen.println("corvid: nothing to compact: " + result.detail());
        } else if (compactions.isEmpty()) {
            screen.println("corvid: the conversation was summarised; the next task goes on from the summary");
        } else {
            RunEvent.Compacted compacted = compactions.get(compactions.size() - 1);
            screen.println(String.format(Locale.ROOT, "corvid: compacted the conversation from about %,d to %,d "
                    + "tokens; the next task goes on from the summary (the session keeps every message)",
                    compacted.tokensBefore(), compacted.tokensAfter()));
        }
    }

    /**
     * Waits for a run of the session, Ctrl-C cancelling it, and counts its cost under a label; returns its
     * result, or null when it was cancelled or failed, which it has said.
     */
    private RunResult<String> follow(String label, RunHandle<String> handle) {
        cancelled = false;
        running = handle;
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> cancel());
        try {
            RunResult<String> result = handle.join();
            ledger.add(label, result);
            if (result.outcome() == RunOutcome.CANCELLED || cancelled) {
                progress.line("corvid: cancelled; the session goes on (its messages so far are kept)");
                return null;
            }
            return result;
        } catch (ModelException e) {
            progress.line(cancelled ? "corvid: cancelled; the session goes on"
                    : "corvid: the provider failed: " + Messages.plain(e.getMessage()));
            reload();
        } catch (RuntimeException e) {
            progress.line(cancelled ? "corvid: cancelled; the session goes on"
                    : "corvid: the turn failed: " + Messages.plain(e.getMessage()));
            reload();
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            running = null;
        }
        return null;
    }

    private void cancel() {
        RunHandle<String> handle = running;
        if (handle != null) {
            cancelled = true;
            handle.cancel();
        }
    }

    /** Takes the session as the store holds it, after a turn that failed may have left it behind. */
    private void reload() {
        try {
            session = store.load(session.id()).orElse(session);
        } catch (RuntimeException e) {
            progress.line("corvid: could not read session " + session.id() + " again: " + Messages.plain(e.getMessage()));
        }
    }

    /** Carries out a slash command; returns false when the user leaves. */
    private boolean command(String input) {
        int space = input.indexOf(' ');
        String name = (space < 0 ? input : input.substring(0, space)).toLowerCase(Locale.ROOT);
        String argument = space < 0 ? "" : input.substring(space + 1).strip();
        switch (name) {
            case "/exit", "/quit" -> {
                return false;
            }
            case "/help" -> screen.println(HELP);
            case "/clear" -> {
                session = store.create(workspace.toString());
                ledger = new CostLedger();
                screen.println("corvid: new session " + session.id());
            }
            case "/resume" -> resume(argument);
            case "/undo" -> undo();
            case "/model" -> model(argument);
            case "/cost" -> screen.println(ledger.table());
            case "/compact" -> {
                if (session.messages().isEmpty()) {
                    screen.println("corvid: nothing to compact yet: the session is empty");
                } else {
                    compact();
                }
            }
            case "/init" -> turn(INIT_TASK);
            default -> screen.println("corvid: unknown command " + name + "; /help lists the commands");
        }
        return true;
    }

    private void resume(String id) {
        String chosen = id.isEmpty() ? SessionPicker.pick(store, workspace, session.id(), reader, screen) : id;
        if (chosen == null) {
            return;
        }
        try {
            session = CliSessions.choose(store, workspace, false, chosen);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            screen.println("corvid: " + Messages.plain(e.getMessage()).replace("corvid --list-sessions",
                    "/resume without an id"));
            return;
        }
        ledger = new CostLedger();
        screen.println("corvid: resumed session " + session.id() + " (" + session.info().turns() + " turns so far)");
    }

    private void undo() {
        Checkpoint.Undone undone;
        try {
            undone = Checkpoint.undo(workspace, environment);
        } catch (IOException e) {
            screen.println("corvid: could not undo: " + Messages.plain(e.getMessage()));
            return;
        }
        if (undone == null) {
            screen.println("corvid: nothing to undo: no turn changed files since the last undo");
            return;
        }
        screen.println("corvid: undid the last turn: " + undone.describe());
        try {
            session.append(List.of(CliSessions.undoNote(undone)), null);
            screen.println("corvid: the model is told what was undone when the session goes on");
        } catch (RuntimeException e) {
            screen.println("corvid: could not note the undo in the session: " + Messages.plain(e.getMessage()));
        }
    }

    private void model(String id) {
        if (id.isEmpty()) {
            screen.println("corvid: the model is " + model.model() + "; /model ID switches to another");
            return;
        }
        OpenAiCompatibleModel next;
        Agent nextAgent;
        try {
            next = setup.model(options, id);
            nextAgent = AgentSetup.agent(options, next, tools, approver, progress, rules, mcp);
        } catch (IllegalArgumentException e) {
            screen.println("corvid: " + Messages.plain(e.getMessage()) + "; the model stays " + model.model());
            return;
        }
        models.add(next);
        // The old agent is not closed: that would end the MCP servers, which the new one shares.
        model = next;
        agent = nextAgent;
        screen.println("corvid: the model is now " + model.model());
    }

    private void saveHistory() {
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            screen.println("corvid: could not save the input history: " + Messages.plain(e.getMessage()));
        }
    }
}
