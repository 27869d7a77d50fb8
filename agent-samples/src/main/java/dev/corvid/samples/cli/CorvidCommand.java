package dev.corvid.samples.cli;

import dev.corvid.agent.Agent;
import dev.corvid.agent.Budget;
import dev.corvid.agent.RunHandle;
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
import dev.corvid.tool.ToolSet;
import dev.corvid.tools.CodingTools;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
            "Paths are relative to the workspace root. Keep changes small and focused on the task.",
            "When done, answer with a short summary of what you changed and how you checked it.");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final BufferedReader terminal;

    CorvidCommand(PrintStream out, PrintStream err, Map<String, String> environment, BufferedReader terminal) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.terminal = terminal;
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        BufferedReader terminal = System.console() == null ? null
                : new BufferedReader(new InputStreamReader(System.in, java.nio.charset.Charset.defaultCharset()));
        int status = new CorvidCommand(System.out, System.err, System.getenv(), terminal).run(args);
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
            out.println(CliOptions.USAGE);
            return ANSWERED;
        }
        if (options.version()) {
            out.println("corvid " + VERSION);
            return ANSWERED;
        }
        if (options.demo()) {
            return new Demo(this, err).run(options);
        }
        OpenAiCompatibleModel model;
        try {
            model = model(options);
        } catch (IllegalArgumentException e) {
            err.println("corvid: " + e.getMessage());
            return USAGE;
        }
        try (model) {
            Path workspace = options.workspace().toAbsolutePath().normalize();
            if (!Files.isDirectory(workspace)) {
                err.println("corvid: the workspace " + workspace + " is not a directory; give one with --workspace DIR");
                return USAGE;
            }
            ProgressPrinter progress = new ProgressPrinter(err);
            CodingTools tools = CodingTools.in(workspace);
            ToolSet mcp = null;
            Agent agent;
            try {
                ToolApprover approver = approver(options, tools);
                if (!options.mcpFiles().isEmpty()) {
                    mcp = McpSetup.start(options.mcpFiles());
                    approver = McpSetup.approver(mcp, options.approval(), approver, terminal, err);
                }
                agent = agent(options, model, tools, approver, progress, mcp);
            } catch (IllegalArgumentException e) {
                if (mcp != null) {
                    mcp.close();
                }
                err.println("corvid: " + e.getMessage());
                return USAGE;
            }
            err.println("corvid: " + model.model() + " via " + (model.provider() == null ? options.baseUrl()
                    : model.provider()) + " in " + workspace);
            // Closing the agent ends the MCP servers' processes.
            try (agent) {
                return execute(agent, options.task(), progress);
            }
        }
    }

    private ToolApprover approver(CliOptions options, CodingTools tools) {
        return TerminalApprover.forMode(options.approval(), terminal, err, tools::preview);
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

    /** Builds the coding agent on a model and tools; the demo shares it. */
    Agent agent(CliOptions options, OpenAiCompatibleModel model, CodingTools tools, ToolApprover approver,
                ProgressPrinter progress) {
        return agent(options, model, tools, approver, progress, null);
    }

    /** Builds the coding agent on a model, tools and the MCP servers' tools, which may be null. */
    Agent agent(CliOptions options, OpenAiCompatibleModel model, CodingTools tools, ToolApprover approver,
                ProgressPrinter progress, ToolSet mcp) {
        ModelSettings.Builder settings = ModelSettings.builder();
        options.params().forEach((name, value) -> settings.extraBody(name, parse(value)));
        Agent.Builder agent = Agent.builder()
                .model(model)
                .instructions(INSTRUCTIONS)
                .tools(tools)
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

    /** Runs the task, cancelling cleanly on Ctrl-C, and returns the exit status. */
    int execute(Agent agent, String task, ProgressPrinter progress) {
        RunHandle<String> handle = agent.runAsync(java.util.List.of(), task);
        Thread onInterrupt = new Thread(() -> {
            handle.cancel();
            try {
                handle.result().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                // exiting anyway
            }
            err.println();
            err.println("corvid: interrupted");
        }, "corvid-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            RunResult<String> result = handle.join();
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
            progress.summary(result);
            if (result.outcome() == RunOutcome.ANSWERED) {
                out.println(result.output());
                return ANSWERED;
            }
            return result.outcome() == RunOutcome.CANCELLED ? INTERRUPTED : NO_ANSWER;
        } catch (ModelException e) {
            removeQuietly(onInterrupt);
            err.println("corvid: the provider failed: " + e.getMessage());
            return PROVIDER_FAILED;
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
