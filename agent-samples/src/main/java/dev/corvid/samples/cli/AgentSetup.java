package dev.corvid.samples.cli;

import dev.corvid.agent.Agent;
import dev.corvid.agent.Budget;
import dev.corvid.agent.ToolApprover;
import dev.corvid.model.Cost;
import dev.corvid.model.ModelPrice;
import dev.corvid.model.ModelSettings;
import dev.corvid.model.PriceTable;
import dev.corvid.openai.OpenAiCompatibleModel;
import dev.corvid.openai.Provider;
import dev.corvid.tool.ToolSet;
import dev.corvid.tools.CodingTools;
import dev.corvid.tools.PlanTool;
import dev.corvid.tools.ProjectRules;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds what a {@code corvid} run works with from the options: the model client, the approver that asks
 * and takes checkpoints, and the coding agent with its instructions, tools, price and limits.
 */
final class AgentSetup {

    static final String INSTRUCTIONS = String.join("\n",
            "You are corvid, a careful coding agent working in a software project on the user's machine.",
            "Use the tools to look before you act: list_files and search to find code, read_file before editing.",
            "Change files with edit_file (exact text replacement) or write_file (whole new files).",
            "Check your work with run_shell, e.g. by running the project's tests.",
            "For a task of several steps, keep a short plan with update_plan and update it as steps finish.",
            "Paths are relative to the workspace root. Keep changes small and focused on the task.",
            "When done, answer with a short summary of what you changed and how you checked it.");

    /** How many times in a row the same call may be asked for before the loop guard steps in. */
    static final int LOOP_GUARD = 3;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, String> environment;
    private final BufferedReader terminal;
    private final PrintStream err;

    /**
     * @param environment the process's environment, for API keys
     * @param terminal the terminal's input to ask approvals from, or null when nobody can be asked
     * @param err where questions are written
     */
    AgentSetup(Map<String, String> environment, BufferedReader terminal, PrintStream err) {
        this.environment = environment;
        this.terminal = terminal;
        this.err = err;
    }

    /**
     * Returns the model client of the options: a provider preset, or a plain base URL.
     *
     * @param modelId the model id in place of the options', or null for theirs (or the preset's default)
     * @throws IllegalArgumentException when the key is missing or a setting is wrong, saying what to do
     */
    OpenAiCompatibleModel model(CliOptions options, String modelId) {
        OpenAiCompatibleModel.Builder builder;
        String id = modelId != null ? modelId : options.model();
        if (options.provider() != null) {
            Provider provider = Provider.named(options.provider());
            builder = provider.builder(environment);
            if (options.baseUrl() != null) {
                builder.baseUrl(options.baseUrl());
            }
            if (id == null) {
                id = provider.defaultModel();
            }
        } else {
            builder = OpenAiCompatibleModel.builder().environment(environment).baseUrl(options.baseUrl());
        }
        if (options.apiKeyEnv() != null) {
            builder.apiKeyFromEnv(options.apiKeyEnv());
        }
        return builder.model(id).stream(options.stream()).build();
    }

    /** Names where requests go: the preset's name only when its own base URL is used. */
    static String endpoint(CliOptions options, OpenAiCompatibleModel model) {
        if (options.baseUrl() == null && model.provider() != null) {
            return model.provider();
        }
        return options.baseUrl() + (options.provider() == null ? "" : " (" + options.provider() + " settings)");
    }

    /**
     * Returns the approver of {@code --approval}, which takes a checkpoint for {@code --undo} before the
     * first approved change of a run.
     */
    ToolApprover approver(CliOptions options, CodingTools tools, ProgressPrinter progress, Checkpoint checkpoint) {
        return approver(options, tools, progress, () -> checkpoint);
    }

    /**
     * Returns the approver of {@code --approval} for runs that each have a checkpoint of their own, such as
     * the turns of an interactive session.
     *
     * @param checkpoint gives the current run's checkpoint
     */
    ToolApprover approver(CliOptions options, CodingTools tools, ProgressPrinter progress,
                          Supplier<Checkpoint> checkpoint) {
        ToolApprover approver = TerminalApprover.forMode(options.approval(), terminal, err, tools::preview,
                tools.sandbox().active());
        return call -> {
            ToolApprover.Approval approval = approver.review(call);
            // Denials are shown by the progress, from the run's ToolCallDenied event.
            if (approval != null && approval.allowed() && CodingTools.MUTATING_TOOLS.contains(call.name())) {
                // Approved and about to change files: keep what they were, for --undo.
                try {
                    String taken = checkpoint.get().beforeChange(call);
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

    /**
     * Builds the coding agent on a model and tools, with the project's rules and the MCP servers' tools
     * (null for none); the demo shares it.
     *
     * @throws IllegalArgumentException when a setting cannot be met, such as a budget without a price
     */
    static Agent agent(CliOptions options, OpenAiCompatibleModel model, CodingTools tools, ToolApprover approver,
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
                // The same call three times in a row is not run again; a fourth ends the run.
                .loopGuard(LOOP_GUARD)
                .listener(progress);
        if (mcp != null) {
            agent.tools(mcp);
        }
        if (options.contextWindow() != null) {
            agent.contextWindow(options.contextWindow());
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

    /** Returns the lines that open a run: the model and endpoint, the sandbox, the project rules read. */
    static java.util.List<String> banner(CliOptions options, OpenAiCompatibleModel model, CodingTools tools,
                                         ProjectRules rules, java.nio.file.Path workspace) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add("corvid: " + model.model() + " via " + endpoint(options, model) + " in " + workspace);
        lines.add("corvid: " + tools.sandbox().status());
        if (!rules.isEmpty()) {
            lines.add("corvid: project rules from " + String.join(", ", rules.files())
                    + (rules.cut() ? " (cut at " + ProjectRules.MAX_BYTES / 1024 + " KiB)" : ""));
        }
        return lines;
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
