package dev.corvid.samples.cli;

import dev.corvid.agent.Agent;
import dev.corvid.agent.ToolApprover;
import dev.corvid.openai.OpenAiCompatibleModel;
import dev.corvid.session.Session;
import dev.corvid.tool.ToolSet;
import dev.corvid.tools.CodingTools;
import dev.corvid.tools.ProjectRules;
import dev.corvid.tools.Sandbox;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The {@code corvid} command: runs a coding agent on a task in a workspace, showing its progress on the
 * error stream and printing its answer on the standard output.
 *
 * <p>Its exit statuses are those of {@link ExitStatus}. What it is made of: {@link CliOptions} parses the
 * command line, {@link AgentSetup} builds the model and the agent from the options, {@link TaskRunner} runs
 * a task and prints how it ended.
 */
public final class CorvidCommand {

    static final String VERSION = "0.1.0-SNAPSHOT";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final BufferedReader terminal;
    private final Terminals terminals;
    private final AgentSetup setup;
    private final TaskRunner runner;
    private Sandbox sandbox = Sandbox.bubblewrap();
    /** The terminal of the interactive mode, in place of the system's; null for the system's. */
    private Terminal jline;

    CorvidCommand(PrintStream out, PrintStream err, Map<String, String> environment, BufferedReader terminal) {
        this(out, err, environment, terminal, terminal == null ? Terminals.NONE : new Terminals(true, false, true, false));
    }

    /**
     * @param terminal the terminal's input to ask approvals from, or null when nobody can be asked
     * @param terminals which streams are terminals
     */
    CorvidCommand(PrintStream out, PrintStream err, Map<String, String> environment, BufferedReader terminal,
                  Terminals terminals) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.terminal = terminal;
        this.terminals = terminals;
        this.setup = new AgentSetup(environment, terminal, err);
        this.runner = new TaskRunner(out, err, terminals);
    }

    /** Sets the sandbox shell commands run in, before its network setting; bubblewrap by default. */
    CorvidCommand sandbox(Sandbox sandbox) {
        this.sandbox = sandbox;
        return this;
    }

    /** Sets the terminal an interactive session runs on, in place of the process's own: a test terminal. */
    CorvidCommand terminal(Terminal terminal) {
        this.jline = terminal;
        return this;
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        Terminals terminals = Terminals.detect();
        // Questions go to stderr and answers come from stdin: stdout may be redirected to a file meanwhile.
        BufferedReader terminal = terminals.canAsk()
                ? new BufferedReader(new InputStreamReader(System.in, java.nio.charset.Charset.defaultCharset()))
                : null;
        int status = new CorvidCommand(System.out, System.err, System.getenv(), terminal, terminals).run(args);
        System.out.flush();
        System.exit(status);
    }

    /** Runs the command and returns its exit status. */
    int run(String[] args) {
        CliOptions options;
        try {
            options = CliOptions.parse(args);
        } catch (CliOptions.UsageException e) {
            err.println("corvid: " + e.getMessage());
            return ExitStatus.USAGE;
        }
        if (options.help()) {
            out.println(CliOptions.usage());
            return ExitStatus.ANSWERED;
        }
        if (options.completion()) {
            out.print(CliOptions.completionScript());
            return ExitStatus.ANSWERED;
        }
        if (options.version()) {
            out.println("corvid " + VERSION);
            return ExitStatus.ANSWERED;
        }
        if (options.listSessions()) {
            out.println(CliSessions.table(CliSessions.store(Checkpoint.home(environment)).list(), ZoneId.systemDefault()));
            return ExitStatus.ANSWERED;
        }
        if (options.undo()) {
            return undo(options.workspace().toAbsolutePath().normalize());
        }
        if (options.demo()) {
            return new Demo(runner, err).run(options);
        }
        if (options.interactive() && jline == null && !terminals.canAsk()) {
            err.println("corvid: " + CliOptions.NO_TASK);
            return ExitStatus.USAGE;
        }
        OpenAiCompatibleModel model;
        try {
            model = setup.model(options, null);
        } catch (IllegalArgumentException e) {
            err.println("corvid: " + Messages.plain(e.getMessage()));
            return ExitStatus.USAGE;
        }
        try (model) {
            Path workspace = options.workspace().toAbsolutePath().normalize();
            if (!Files.isDirectory(workspace)) {
                err.println("corvid: the workspace " + workspace + " is not a directory; give one with --workspace DIR");
                return ExitStatus.USAGE;
            }
            if (options.interactive()) {
                return interactive(options, model, workspace);
            }
            ProgressPrinter progress = new ProgressPrinter(err);
            CodingTools tools = CodingTools.builder(workspace)
                    .sandbox(sandbox.network(options.network())).build();
            ProjectRules rules = ProjectRules.read(workspace);
            Checkpoint checkpoint = Checkpoint.of(workspace, environment);
            ToolSet mcp = null;
            Agent agent;
            try {
                ToolApprover approver = setup.approver(options, tools, progress, checkpoint);
                if (!options.mcpFiles().isEmpty()) {
                    mcp = McpSetup.start(options.mcpFiles());
                    approver = McpSetup.approver(mcp, options.approval(), approver, terminal, err);
                }
                agent = AgentSetup.agent(options, model, tools, approver, progress, rules, mcp);
            } catch (IllegalArgumentException e) {
                if (mcp != null) {
                    mcp.close();
                }
                err.println("corvid: " + Messages.plain(e.getMessage()));
                return ExitStatus.USAGE;
            }
            AgentSetup.banner(options, model, tools, rules, workspace).forEach(err::println);
            // Closing the agent ends the MCP servers' processes.
            try (agent) {
                Session session;
                try {
                    session = CliSessions.choose(CliSessions.store(Checkpoint.home(environment)), workspace,
                            options.continueLast(), options.resume());
                } catch (IllegalArgumentException | UncheckedIOException e) {
                    err.println("corvid: " + Messages.plain(e.getMessage()));
                    return ExitStatus.USAGE;
                }
                if (!session.messages().isEmpty()) {
                    err.println("corvid: continuing session " + session.id() + " (" + session.info().turns()
                            + " turns so far)");
                }
                return runner.execute(agent, session, options.task(), progress, checkpoint);
            }
        }
    }

    /** Opens an interactive session on the terminal, until the user leaves it; returns the exit status. */
    private int interactive(CliOptions options, OpenAiCompatibleModel model, Path workspace) {
        Terminal screen;
        try {
            screen = jline != null ? jline : TerminalBuilder.builder().system(true).name("corvid")
                    // The session shows where corvid's progress goes: on stderr, so stdout may be redirected.
                    .systemOutput(TerminalBuilder.SystemOutput.SysErrOrSysOut).build();
        } catch (IOException | RuntimeException e) {
            err.println("corvid: could not open the terminal for an interactive session: "
                    + Messages.plain(e.getMessage()) + "; give a task instead");
            return ExitStatus.USAGE;
        }
        try {
            return InteractiveSession.run(screen, options, environment, model, workspace,
                    sandbox.network(options.network()));
        } finally {
            if (jline == null) {
                try {
                    screen.close();
                } catch (IOException e) {
                    // the process ends anyway
                }
            }
        }
    }

    /** Undoes the last run in a workspace: exit 0 when something was undone, 1 when there was nothing. */
    private int undo(Path workspace) {
        if (!Files.isDirectory(workspace)) {
            err.println("corvid: the workspace " + workspace + " is not a directory; give one with --workspace DIR");
            return ExitStatus.USAGE;
        }
        try {
            Checkpoint.Undone undone = Checkpoint.undo(workspace, environment);
            if (undone == null) {
                err.println("corvid: nothing to undo in " + workspace + ": no run there changed files since the last undo");
                return ExitStatus.NO_ANSWER;
            }
            err.println("corvid: undid the last run in " + workspace + ": " + undone.describe());
            try {
                String session = CliSessions.noteUndo(CliSessions.store(Checkpoint.home(environment)), workspace, undone);
                if (session != null) {
                    err.println("corvid: session " + session + " notes what was undone, for the model when it goes on");
                }
            } catch (RuntimeException e) {
                err.println("corvid: could not note the undo in the session: " + Messages.plain(e.getMessage()));
            }
            return ExitStatus.ANSWERED;
        } catch (IOException e) {
            err.println("corvid: could not undo: " + Messages.plain(e.getMessage()));
            return ExitStatus.NO_ANSWER;
        }
    }
}
