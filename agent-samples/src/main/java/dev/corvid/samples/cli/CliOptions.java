package dev.corvid.samples.cli;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * @param demo whether to run the offline demo
 * @param help whether to print the usage and stop
 * @param version whether to print the version and stop
 * @param task the task for the agent; null only with help, version or demo
 * @param mcpFiles {@code mcpServers} JSON files whose servers' tools the agent gets, in order
 */
record CliOptions(String provider, String baseUrl, String model, String apiKeyEnv, Path workspace, boolean stream,
                  int maxTurns, BigDecimal budget, Map<String, String> params, ApprovalMode approval, boolean demo,
                  boolean help, boolean version, String task, List<Path> mcpFiles) {

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

    static final String USAGE = String.join("\n",
            "Usage: corvid [options] TASK",
            "",
            "A coding agent: works on the files of a workspace with read_file, write_file, edit_file,",
            "list_files, search and run_shell, against any OpenAI-compatible endpoint.",
            "",
            "Options:",
            "  --provider NAME      routerai, wcode, dashscope or openai: sets the base URL, key variable and a model",
            "  --base-url URL       the endpoint's base URL, e.g. http://localhost:8000/v1 (instead of --provider)",
            "  --model ID           the model id, e.g. qwen/qwen3-coder",
            "  --api-key-env VAR    the environment variable holding the API key (default: the provider's)",
            "  --workspace DIR      the directory the agent works in (default: the current directory)",
            "  --no-stream          wait for whole replies instead of streaming them",
            "  --max-turns N        the most requests to the model (default: 30)",
            "  --budget AMOUNT      the most money a run may spend, in the provider's currency",
            "  --param KEY=VALUE    an extra request field, e.g. --param top_k=20 (repeatable)",
            "  --approval MODE      read-only (refuse every change), ask (the default: show each change and",
            "                       ask), auto-edit (make writes and edits, ask before shell commands) or yes",
            "  --yes                approve every tool call without asking (--approval yes)",
            "  --mcp FILE           add the tools of the MCP servers in FILE, in the mcpServers JSON format",
            "                       (repeatable); read-only tools run unasked, others are asked about",
            "  --demo               run the offline demo: a scripted model fixes a bug in a sample project",
            "                       (also what corvid does when run with no task and no endpoint)",
            "  --help               print this help",
            "  --version            print the version",
            "",
            "Exit status: 0 answered, 1 ended without an answer, 2 usage error, 3 provider or network failure,",
            "130 interrupted.");

    /** A mistake in the command line; its message says what to do. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static CliOptions parse(String[] args) throws UsageException {
        String provider = null;
        String baseUrl = null;
        String model = null;
        String apiKeyEnv = null;
        Path workspace = Path.of("");
        boolean stream = true;
        int maxTurns = 30;
        BigDecimal budget = null;
        Map<String, String> params = new LinkedHashMap<>();
        ApprovalMode approval = ApprovalMode.ASK;
        boolean demo = false;
        boolean help = false;
        boolean version = false;
        List<String> words = new ArrayList<>();
        List<Path> mcpFiles = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--provider" -> {
                    provider = value(args, ++i, arg);
                    if (!PROVIDERS.contains(provider)) {
                        throw new UsageException("unknown provider '" + provider + "'; use one of " + PROVIDERS
                                + ", or --base-url for any other endpoint");
                    }
                }
                case "--base-url" -> baseUrl = value(args, ++i, arg);
                case "--model" -> model = value(args, ++i, arg);
                case "--api-key-env" -> apiKeyEnv = value(args, ++i, arg);
                case "--workspace" -> workspace = Path.of(value(args, ++i, arg));
                case "--no-stream" -> stream = false;
                case "--max-turns" -> maxTurns = positiveInt(value(args, ++i, arg), arg);
                case "--budget" -> budget = amount(value(args, ++i, arg));
                case "--param" -> {
                    String pair = value(args, ++i, arg);
                    int equals = pair.indexOf('=');
                    if (equals < 1) {
                        throw new UsageException("--param takes KEY=VALUE, such as --param top_k=20; got '" + pair + "'");
                    }
                    params.put(pair.substring(0, equals), pair.substring(equals + 1));
                }
                case "--yes", "-y" -> approval = ApprovalMode.YES;
                case "--approval" -> approval = ApprovalMode.of(value(args, ++i, arg));
                case "--mcp" -> mcpFiles.add(Path.of(value(args, ++i, arg)));
                case "--demo" -> demo = true;
                case "--help", "-h" -> help = true;
                case "--version" -> version = true;
                case "--" -> {
                    for (i++; i < args.length; i++) {
                        words.add(args[i]);
                    }
                }
                default -> {
                    if (arg.startsWith("-") && arg.length() > 1) {
                        throw new UsageException("unknown option '" + arg + "'; see corvid --help");
                    }
                    words.add(arg);
                }
            }
        }
        String task = words.isEmpty() ? null : String.join(" ", words);
        if (task == null && provider == null && baseUrl == null && !help && !version) {
            // Nothing to do and nowhere to send it: show what corvid does, offline.
            demo = true;
        }
        if (task == null && !help && !version && !demo) {
            throw new UsageException("say what the agent should do, e.g. corvid --provider dashscope "
                    + "\"fix the failing test\"; or try corvid --demo");
        }
        if (provider == null && baseUrl == null && !demo && !help && !version) {
            throw new UsageException("choose an endpoint: --provider " + String.join("|", PROVIDERS)
                    + ", or --base-url URL with --model ID");
        }
        if (provider == null && baseUrl != null && model == null && !demo) {
            throw new UsageException("--base-url needs --model ID as well");
        }
        return new CliOptions(provider, baseUrl, model, apiKeyEnv, workspace, stream, maxTurns, budget, params,
                approval, demo, help, version, task, mcpFiles);
    }

    private static String value(String[] args, int index, String option) throws UsageException {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new UsageException(option + " needs a value; see corvid --help");
        }
        return args[index];
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
