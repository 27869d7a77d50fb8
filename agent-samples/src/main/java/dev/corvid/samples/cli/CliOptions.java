package dev.corvid.samples.cli;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options of the {@code corvid} command line, parsed and checked.
 *
 * @param provider a provider preset name, or null for a plain {@code --base-url}
 * @param baseUrl the endpoint's base URL, or null for the preset's
 * @param model the model id, or null for the preset's default
 * @param apiKeyEnv the name of the environment variable holding the key, or null for the preset's
 * @param workspace the directory the tools work in
 * @param stream whether to stream the model's replies
 * @param maxTurns the most requests a run may send
 * @param budget the most money a run may spend, in the model's currency; null for no limit
 * @param params extra request body fields, values parsed as JSON where they read as JSON
 * @param approval how tool calls that change files or run commands are approved
 * @param network whether shell commands may reach the network from inside the sandbox
 * @param demo whether to run the offline demo
 * @param help whether to print the usage and stop
 * @param version whether to print the version and stop
 * @param completion whether to print the bash/zsh completion script and stop
 * @param undo whether to undo the last run in the workspace and stop
 * @param task the task for the agent; null with help, version, completion or demo, and for an interactive session
 * @param mcpFiles {@code mcpServers} JSON files whose servers' tools the agent gets, in order
 * @param continueLast whether to continue the newest session of the workspace
 * @param resume the id of the session to continue; null for none
 * @param listSessions whether to list the sessions and stop
 * @param contextWindow the model's context window in tokens, in place of its profile's; null for the profile's
 */
record CliOptions(String provider, String baseUrl, String model, String apiKeyEnv, Path workspace, boolean stream,
                  int maxTurns, BigDecimal budget, Map<String, String> params, ApprovalMode approval,
                  boolean network, boolean demo, boolean help, boolean version, boolean completion, boolean undo,
                  String task, List<Path> mcpFiles, boolean continueLast, String resume, boolean listSessions,
                  Integer contextWindow) {

    /** What {@code corvid} says when it has an endpoint but no task and no terminal for a session. */
    static final String NO_TASK = "say what the agent should do, e.g. corvid --provider dashscope "
            + "\"fix the failing test\"; run corvid on a terminal for an interactive session, or try corvid --demo";

    /** Whether no task was given where one could be: corvid then opens an interactive session on a terminal. */
    boolean interactive() {
        return task == null && !demo && !help && !version && !completion && !undo && !listSessions;
    }

    /** Copies the list of MCP files. */
    CliOptions {
        mcpFiles = List.copyOf(mcpFiles);
    }

    static final List<String> PROVIDERS = List.of("routerai", "wcode", "dashscope", "openai");

    /** How calls of the tools that change files or run commands are approved; reading is always allowed. */
    enum ApprovalMode {
        /** Every change is refused, and the model is told to say what it would change instead. */
        READ_ONLY("read-only"),
        /** Each change is shown and asked about in the terminal; refused when there is none. */
        ASK("ask"),
        /** Writes and edits are made without asking; shell commands are asked about. */
        AUTO_EDIT("auto-edit"),
        /** Everything is approved without asking. */
        YES("yes");

        final String word;

        ApprovalMode(String word) {
            this.word = word;
        }

        static ApprovalMode of(String word) throws UsageException {
            for (ApprovalMode mode : values()) {
                if (mode.word.equals(word)) {
                    return mode;
                }
            }
            throw new UsageException("--approval is read-only, ask, auto-edit or yes; got '" + word + "'");
        }
    }

    /** The words {@code --provider} takes, for the completion script. */
    static final class ProviderNames extends ArrayList<String> {
        ProviderNames() {
            super(PROVIDERS);
        }
    }

    /** The words {@code --approval} takes, for the completion script. */
    static final class ApprovalWords extends ArrayList<String> {
        ApprovalWords() {
            super(List.of("read-only", "ask", "auto-edit", "yes"));
        }
    }

    /**
     * The command line as picocli sees it: the declarations that parsing, {@code --help} and the completion
     * script are made from. Values stay text here so that every mistake gets corvid's own message.
     */
    @Command(name = "corvid", customSynopsis = {"corvid [options] TASK", "corvid [options]   (on a terminal: an "
            + "interactive session; /help there lists its commands)"}, sortOptions = false,
            usageHelpAutoWidth = true,
            description = {"A coding agent: works on the files of a workspace with read_file, write_file, edit_file,",
                    "list_files, search, run_shell and update_plan, against any OpenAI-compatible endpoint.", ""},
            footer = {"", "Exit status: 0 answered, 1 ended without an answer, 2 usage error, "
                    + "3 provider or network failure,", "130 interrupted."})
    static final class Declarations {
        @Option(names = "--provider", paramLabel = "NAME", completionCandidates = ProviderNames.class,
                description = "routerai, wcode, dashscope or openai: sets the base URL, key variable and a model")
        String provider;

        @Option(names = "--base-url", paramLabel = "URL",
                description = "the endpoint's base URL, e.g. http://localhost:8000/v1 (instead of --provider)")
        String baseUrl;

        @Option(names = "--model", paramLabel = "ID", description = "the model id, e.g. qwen/qwen3-coder")
        String model;

        @Option(names = "--api-key-env", paramLabel = "VAR",
                description = "the environment variable holding the API key (default: the provider's)")
        String apiKeyEnv;

        @Option(names = "--workspace", paramLabel = "DIR",
                description = "the directory the agent works in (default: the current directory)")
        Path workspace = Path.of("");

        @Option(names = "--no-stream", description = "wait for whole replies instead of streaming them")
        boolean noStream;

        @Option(names = "--max-turns", paramLabel = "N", description = "the most requests to the model (default: 30)")
        String maxTurns = "30";

        @Option(names = "--context-window", paramLabel = "TOKENS", description = "the model's context window, "
                + "in place of its profile's; longer conversations are compacted to fit (at least 1000)")
        String contextWindow;

        @Option(names = "--budget", paramLabel = "AMOUNT",
                description = "the most money a run may spend, in the provider's currency")
        String budget;

        @Option(names = "--param", paramLabel = "KEY=VALUE",
                description = "an extra request field, e.g. --param top_k=20 (repeatable)")
        List<String> params = new ArrayList<>();

        @Option(names = "--approval", paramLabel = "MODE", completionCandidates = ApprovalWords.class,
                description = {"read-only (refuse every change), ask (the default: show each change and ask), "
                        + "auto-edit (make writes and edits, ask before shell commands) or yes"})
        void approval(String mode) {
            approval = mode;
        }

        @Option(names = {"-y", "--yes"}, description = "approve every tool call without asking (--approval yes)")
        void yes(boolean yes) {
            approval = "yes";
        }

        String approval = "ask";

        @Option(names = "--mcp", paramLabel = "FILE", description = {"add the tools of the MCP servers in FILE, "
                + "in the mcpServers JSON format (repeatable); read-only tools run unasked, others are asked about"})
        List<Path> mcpFiles = new ArrayList<>();

        @Option(names = "--continue", description = "continue the newest session of the workspace with the task "
                + "(a new session when it has none)")
        boolean continueLast;

        @Option(names = "--resume", paramLabel = "ID", description = "continue session ID with the task")
        String resume;

        @Option(names = "--list-sessions", description = "list the sessions under $CORVID_HOME (id, last update, "
                + "turns, cost, workspace, first task) and stop")
        boolean listSessions;

        @Option(names = "--network", description = "let shell commands reach the network (the sandbox blocks it)")
        boolean network;

        @Option(names = "--undo", description = "put back the files the last run in the workspace changed, "
                + "keeping changes made since, and stop")
        boolean undo;

        @Option(names = "--demo", description = {"run the offline demo: a scripted model fixes a bug in a sample "
                + "project (also what corvid does when run with no task and no endpoint)"})
        boolean demo;

        @Option(names = "--completion", description = "print a bash/zsh completion script: "
                + "source <(corvid --completion)")
        boolean completion;

        @Option(names = {"-h", "--help"}, description = "print this help")
        boolean help;

        @Option(names = "--version", description = "print the version")
        boolean version;

        @Parameters(paramLabel = "TASK", arity = "0..*", description = "what the agent should do")
        List<String> task = new ArrayList<>();
    }

    /** A mistake in the command line; its message says what to do. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** Returns a parser of corvid's command line; an interactive mode can reuse its declarations. */
    static CommandLine commandLine(Declarations declarations) {
        return new CommandLine(declarations)
                .setOverwrittenOptionsAllowed(true)
                .setUnmatchedOptionsAllowedAsOptionParameters(false)
                .setUsageHelpWidth(100);
    }

    /** Returns the generated {@code --help} text. */
    static String usage() {
        return commandLine(new Declarations()).getUsageMessage().stripTrailing();
    }

    /** Returns the bash (and zsh, through bashcompinit) completion script generated from the declarations. */
    static String completionScript() {
        return AutoComplete.bash("corvid", commandLine(new Declarations()));
    }

    static CliOptions parse(String[] args) throws UsageException {
        Declarations declared = new Declarations();
        try {
            commandLine(declared).parseArgs(args);
        } catch (CommandLine.MissingParameterException e) {
            throw new UsageException(optionName(e) + " needs a value; see corvid --help");
        } catch (CommandLine.UnmatchedArgumentException e) {
            throw new UsageException("unknown option '" + e.getUnmatched().get(0) + "'; see corvid --help");
        } catch (CommandLine.ParameterException e) {
            throw new UsageException(e.getMessage() + "; see corvid --help");
        }
        String provider = declared.provider;
        if (provider != null && !PROVIDERS.contains(provider)) {
            throw new UsageException("unknown provider '" + provider + "'; use one of " + PROVIDERS
                    + ", or --base-url for any other endpoint");
        }
        int maxTurns = positiveInt(declared.maxTurns, "--max-turns");
        BigDecimal budget = declared.budget == null ? null : amount(declared.budget);
        Integer contextWindow = declared.contextWindow == null ? null : contextWindow(declared.contextWindow);
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : declared.params) {
            int equals = pair.indexOf('=');
            if (equals < 1) {
                throw new UsageException("--param takes KEY=VALUE, such as --param top_k=20; got '" + pair + "'");
            }
            params.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        ApprovalMode approval = ApprovalMode.of(declared.approval);
        boolean stop = declared.help || declared.version || declared.completion || declared.undo
                || declared.listSessions;
        if (declared.continueLast && declared.resume != null) {
            throw new UsageException("--continue and --resume both say which session to go on with; give one");
        }
        String task = declared.task.isEmpty() ? null : String.join(" ", declared.task);
        boolean demo = declared.demo;
        String baseUrl = declared.baseUrl;
        if (task == null && provider == null && baseUrl == null && !stop) {
            // Nothing to do and nowhere to send it: show what corvid does, offline.
            demo = true;
        }
        if (task != null && task.isBlank() && !stop && !demo) {
            throw new UsageException("the task is empty; say what the agent should do, e.g. corvid "
                    + "--provider dashscope \"fix the failing test\"");
        }
        if (provider == null && baseUrl == null && !demo && !stop) {
            throw new UsageException("choose an endpoint: --provider " + String.join("|", PROVIDERS)
                    + ", or --base-url URL with --model ID");
        }
        if (provider == null && baseUrl != null && declared.model == null && !demo && !stop) {
            throw new UsageException("--base-url needs --model ID as well");
        }
        return new CliOptions(provider, baseUrl, declared.model, declared.apiKeyEnv, declared.workspace,
                !declared.noStream, maxTurns, budget, params, approval, declared.network, demo, declared.help,
                declared.version, declared.completion, declared.undo, task,
                declared.mcpFiles, declared.continueLast, declared.resume, declared.listSessions, contextWindow);
    }

    private static String optionName(CommandLine.MissingParameterException e) {
        if (e.getArgSpec() instanceof CommandLine.Model.OptionSpec option) {
            return option.longestName();
        }
        return "TASK";
    }

    private static int positiveInt(String text, String option) throws UsageException {
        try {
            int value = Integer.parseInt(text);
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a whole number of at least 1; got '" + text + "'");
        }
    }

    /** The library takes no window below 1000 tokens: no request of a coding agent would fit. */
    private static int contextWindow(String text) throws UsageException {
        try {
            int tokens = Integer.parseInt(text.strip().replace("_", ""));
            if (tokens < 1_000) {
                throw new NumberFormatException();
            }
            return tokens;
        } catch (NumberFormatException e) {
            throw new UsageException("--context-window takes the model's window in tokens, a whole number of at "
                    + "least 1000 such as 131072; got '" + text + "'");
        }
    }

    private static BigDecimal amount(String text) throws UsageException {
        try {
            BigDecimal value = new BigDecimal(text);
            if (value.signum() <= 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException("--budget takes a positive amount such as 0.50; got '" + text + "'");
        }
    }
}
