package dev.corvid.samples.cli;

import dev.corvid.agent.Agent;
import dev.corvid.agent.Budget;
import dev.corvid.agent.RunHandle;
import dev.corvid.agent.RunListener;
import dev.corvid.agent.RunOutcome;
import dev.corvid.agent.RunResult;
import dev.corvid.agent.ToolApprover;
import dev.corvid.model.Cost;
import dev.corvid.model.ModelException;
import dev.corvid.model.ModelPrice;
import dev.corvid.model.ModelSettings;
import dev.corvid.model.PriceTable;
import dev.corvid.openai.OpenAiCompatibleModel;
import dev.corvid.openai.Provider;
import dev.corvid.session.Session;
import dev.corvid.tool.ToolSet;
import dev.corvid.tools.CodingTools;
import dev.corvid.tools.PlanTool;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code corvid} command: runs a coding agent on a task in a workspace, showing its progress on the
 * error stream and printing its answer on the standard output.
 *
 * <p>Exit status: 0 the model answered; 1 the run ended without an answer; 2 a usage error; 3 the provider
 * or the network failed; 130 interrupted.
 */
public final class CorvidCommand {

    static final String VERSION = "0.1.0-SNAPSHOT";

    static final int ANSWERED = 0;
    static final int NO_ANSWER = 1;
    static final int USAGE = 2;
    static final int PROVIDER_FAILED = 3;
    static final int INTERRUPTED = 130;

    static final String INSTRUCTIONS = String.join("\n",
            "You are corvid, a careful coding agent working in a software project on the user's machine.",
            "Use the tools to look before you act: list_files and search to find code, read_file before editing.",
            "Change files with edit_file (exact text replacement) or write_file (whole new files).",
            "Check your work with run_shell, e.g. by running the project's tests.",
            "For a task of several steps, keep a short plan with update_plan and update it as steps finish.",
            "Paths are relative to the workspace root. Keep changes small and focused on the task.",
            "When done, answer with a short summary of what you changed and how you checked it.");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final BufferedReader terminal;
    private final Terminals terminals;
    /** Set by the Ctrl-C hook, so that the run's own ending stays quiet and leaves the one line to the hook. */
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private Sandbox sandbox = Sandbox.bubblewrap();

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
    }

    /** Sets the sandbox shell commands run in, before its network setting; bubblewrap by default. */
    CorvidCommand sandbox(Sandbox sandbox) {
        this.sandbox = sandbox;
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
            return USAGE;
        }
        if (options.help()) {
            out.println(CliOptions.usage());
            return ANSWERED;
        }
        if (options.completion()) {
            out.print(CliOptions.completionScript());
            return ANSWERED;
        }
        if (options.version()) {
            out.println("corvid " + VERSION);
            return ANSWERED;
        }
        if (options.listSessions()) {
            out.println(CliSessions.table(CliSessions.store(Checkpoint.home(environment)).list(), ZoneId.systemDefault()));
            return ANSWERED;
        }
        if (options.undo()) {
            return undo(options.workspace().toAbsolutePath().normalize());
        }
        if (options.demo()) {
            return new Demo(this, err).run(options);
        }
        OpenAiCompatibleModel model;
        try {
            model = model(options);
        } catch (IllegalArgumentException e) {
            err.println("corvid: " + Messages.plain(e.getMessage()));
            return USAGE;
        }
        try (model) {
            Path workspace = options.workspace().toAbsolutePath().normalize();
            if (!Files.isDirectory(workspace)) {
                err.println("corvid: the workspace " + workspace + " is not a directory; give one with --workspace DIR");
                return USAGE;
            }
            ProgressPrinter progress = new ProgressPrinter(err);
            CodingTools tools = CodingTools.builder(workspace)
                    .sandbox(sandbox.network(options.network())).build();
            ProjectRules rules = ProjectRules.read(workspace);
            Checkpoint checkpoint = Checkpoint.of(workspace, environment);
            ToolSet mcp = null;
            Agent agent;
            try {
                ToolApprover approver = approver(options, tools, progress, checkpoint);
                if (!options.mcpFiles().isEmpty()) {
                    mcp = McpSetup.start(options.mcpFiles());
                    approver = McpSetup.approver(mcp, options.approval(), approver, terminal, err);
                }
                agent = agent(options, model, tools, approver, progress, rules, mcp);
            } catch (IllegalArgumentException e) {
                if (mcp != null) {
                    mcp.close();
                }
                err.println("corvid: " + Messages.plain(e.getMessage()));
                return USAGE;
            }
            err.println("corvid: " + model.model() + " via " + endpoint(options, model) + " in " + workspace);
            err.println("corvid: " + tools.sandbox().status());
            if (!rules.isEmpty()) {
                err.println("corvid: project rules from " + String.join(", ", rules.files())
                        + (rules.cut() ? " (cut at " + ProjectRules.MAX_BYTES / 1024 + " KiB)" : ""));
            }
            // Closing the agent ends the MCP servers' processes.
            try (agent) {
                Session session;
                try {
                    session = CliSessions.choose(CliSessions.store(Checkpoint.home(environment)), workspace,
                            options.continueLast(), options.resume());
                } catch (IllegalArgumentException | UncheckedIOException e) {
                    err.println("corvid: " + Messages.plain(e.getMessage()));
                    return USAGE;
                }
                if (!session.messages().isEmpty()) {
                    err.println("corvid: continuing session " + session.id() + " (" + session.info().turns()
                            + " turns so far)");
                }
                return execute(agent, session, options.task(), progress, checkpoint);
            }
        }
    }

    /** Undoes the last run in a workspace: exit 0 when something was undone, 1 when there was nothing. */
    private int undo(Path workspace) {
        if (!Files.isDirectory(workspace)) {
            err.println("corvid: the workspace " + workspace + " is not a directory; give one with --workspace DIR");
            return USAGE;
        }
        try {
            Checkpoint.Undone undone = Checkpoint.undo(workspace, environment);
            if (undone == null) {
                err.println("corvid: nothing to undo in " + workspace + ": no run there changed files since the last undo");
                return NO_ANSWER;
            }
            err.println("corvid: undid the last run in " + workspace + ": " + undone.describe());
            return ANSWERED;
        } catch (IOException e) {
            err.println("corvid: could not undo: " + Messages.plain(e.getMessage()));
            return NO_ANSWER;
        }
    }

    /** Names where requests go: the preset's name only when its own base URL is used. */
    private static String endpoint(CliOptions options, OpenAiCompatibleModel model) {
        if (options.baseUrl() == null && model.provider() != null) {
            return model.provider();
        }
        return options.baseUrl() + (options.provider() == null ? "" : " (" + options.provider() + " settings)");
    }

    private ToolApprover approver(CliOptions options, CodingTools tools, ProgressPrinter progress,
                                  Checkpoint checkpoint) {
        ToolApprover approver = TerminalApprover.forMode(options.approval(), terminal, err, tools::preview,
                tools.sandbox().active());
        return call -> {
            ToolApprover.Approval approval = approver.review(call);
            // Denials are shown by the progress, from the run's ToolCallDenied event.
            if (approval != null && approval.allowed() && CodingTools.MUTATING_TOOLS.contains(call.name())) {
                // Approved and about to change files: keep what they were, for --undo.
                try {
                    String taken = checkpoint.beforeChange(call);
                    if (taken != null) {
                        progress.line("corvid: " + taken);
                    }
                } catch (IOException e) {
                    progress.line("corvid: no checkpoint, so --undo cannot restore this run: "
                            + Messages.plain(e.getMessage()));
                }
            }
            return approval;
        };
    }

    private OpenAiCompatibleModel model(CliOptions options) {
        OpenAiCompatibleModel.Builder builder;
        String modelId = options.model();
        if (options.provider() != null) {
            Provider provider = Provider.named(options.provider());
            builder = provider.builder(environment);
            if (options.baseUrl() != null) {
                builder.baseUrl(options.baseUrl());
            }
            if (modelId == null) {
                modelId = provider.defaultModel();
            }
        } else {
            builder = OpenAiCompatibleModel.builder().environment(environment).baseUrl(options.baseUrl());
        }
        if (options.apiKeyEnv() != null) {
            builder.apiKeyFromEnv(options.apiKeyEnv());
        }
        return builder.model(modelId).stream(options.stream()).build();
    }

    /**
     * Builds the coding agent on a model and tools, with the project's rules and the MCP servers' tools
     * (null for none); the demo shares it.
     */
    Agent agent(CliOptions options, OpenAiCompatibleModel model, CodingTools tools, ToolApprover approver,
                ProgressPrinter progress, ProjectRules rules, ToolSet mcp) {
        ModelSettings.Builder settings = ModelSettings.builder();
        options.params().forEach((name, value) -> settings.extraBody(name, parse(value)));
        Agent.Builder agent = Agent.builder()
                .model(model)
                .instructions(rules.isEmpty() ? INSTRUCTIONS : INSTRUCTIONS + "\n\n# Project rules\n\n"
                        + "The project's AGENTS.md files say how to work on it; follow them. Nearer files come "
                        + "last and take precedence.\n\n" + rules.text())
                .tools(tools, new PlanTool())
                .settings(settings.build())
                .maxTurns(options.maxTurns())
                // Edits that miss are part of coding: allow more attempts in a row than the library's default.
                .maxRetries(6)
                // The shell's own timeout, which reports the output so far, must fire before the agent's.
                .toolTimeout("run_shell", CodingTools.DEFAULT_MAX_SHELL_TIMEOUT.plusSeconds(30))
                .approver(approver)
                .listener(progress);
        if (mcp != null) {
            agent.tools(mcp);
        }
        ModelPrice price = model.provider() == null ? null
                : PriceTable.bundled().price(model.provider(), model.model()).orElse(null);
        if (price != null) {
            agent.price(price);
        }
        if (options.budget() != null) {
            if (price == null) {
                throw new IllegalArgumentException("--budget needs the model's price, and none is known for "
                        + model.model() + "; leave --budget out, or use a model of the price table");
            }
            agent.budget(Budget.money(new Cost(options.budget(), price.currency())));
        }
        return agent.build();
    }

    /** Runs the task outside any session (the demo's), cancelling cleanly on Ctrl-C; returns the exit status. */
    int execute(Agent agent, String task, ProgressPrinter progress, Checkpoint checkpoint) {
        return execute(agent, null, task, progress, checkpoint);
    }

    /**
     * Runs the task in a session (null for none), cancelling cleanly on Ctrl-C, and returns the exit status;
     * the last line on stderr names the session.
     */
    int execute(Agent agent, Session session, String task, ProgressPrinter progress, Checkpoint checkpoint) {
        RunHandle<String> handle = session == null ? agent.runAsync(java.util.List.of(), task)
                : agent.runAsync(session, task, RunListener.NONE);
        String sessionLine = session == null ? null : "corvid: session: " + session.id();
        // Ctrl-C starts the JVM's shutdown; this hook cancels the run, waits for it briefly and says so in one
        // line. The JVM then exits with 130, the status of SIGINT.
        Thread onInterrupt = new Thread(() -> {
            interrupted.set(true);
            handle.cancel();
            try {
                handle.result().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException | RuntimeException e) {
                // exiting anyway
            }
            progress.line("corvid: interrupted");
            if (sessionLine != null) {
                progress.line(sessionLine);
            }
            err.flush();
        }, "corvid-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            RunResult<String> result;
            try {
                result = handle.join();
            } finally {
                finish(checkpoint, progress);
            }
            removeQuietly(onInterrupt);
            if (interrupted.get()) {
                return INTERRUPTED;
            }
            progress.summary(result);
            if (result.outcome() == RunOutcome.ANSWERED) {
                if (terminals.shared() && progress.showed(result.output())) {
                    // stdout and stderr are one terminal that shows the answer already.
                    out.flush();
                } else {
                    out.println(result.output());
                }
                return ANSWERED;
            }
            return result.outcome() == RunOutcome.CANCELLED ? INTERRUPTED : NO_ANSWER;
        } catch (ModelException e) {
            removeQuietly(onInterrupt);
            if (interrupted.get()) {
                return INTERRUPTED;
            }
            progress.line("corvid: the provider failed: " + Messages.plain(e.getMessage()));
            return PROVIDER_FAILED;
        } catch (RuntimeException e) {
            removeQuietly(onInterrupt);
            if (interrupted.get()) {
                return INTERRUPTED;
            }
            progress.line("corvid: the run failed: " + Messages.plain(e.getMessage()));
            return NO_ANSWER;
        } finally {
            if (sessionLine != null && !interrupted.get()) {
                progress.line(sessionLine);
            }
        }
    }

    private static void finish(Checkpoint checkpoint, ProgressPrinter progress) {
        if (checkpoint == null) {
            return;
        }
        try {
            checkpoint.finish();
        } catch (IOException e) {
            progress.line("corvid: could not record the run's end for --undo: " + Messages.plain(e.getMessage()));
        }
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting
        }
    }

    /** A parameter value is JSON when it reads as JSON ({@code 20}, {@code false}, {@code {"a":1}}), else text. */
    static Object parse(String value) {
        try {
            return JSON.readTree(value);
        } catch (JacksonException notJson) {
            return value;
        }
    }
}
