package dev.corvid.tools;

import dev.corvid.agent.Agent;
import dev.corvid.model.ToolCall;
import dev.corvid.tool.Tool;
import dev.corvid.tool.ToolContext;
import dev.corvid.tool.ToolParam;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Ready tools for a coding agent, confined to one workspace directory: {@code read_file}, {@code write_file},
 * {@code edit_file}, {@code list_files}, {@code search} and {@code run_shell}.
 *
 * <pre>{@code
 * CodingTools tools = CodingTools.in(Path.of("/home/me/project"));
 * Agent agent = Agent.builder()
 *         .model(model)
 *         .tools(tools)
 *         .approver(call -> CodingTools.MUTATING_TOOLS.contains(call.name())
 *                 ? askUser(call, tools.preview(call).orElse("")) : Approval.allow())
 *         .build();
 * }</pre>
 *
 * <p><b>Approval.</b> {@link #MUTATING_TOOLS} names the tools that change files or run commands;
 * {@link #preview(ToolCall)} shows a person what such a call would do (a unified diff, or the command)
 * before it runs.
 *
 * <p><b>Confinement.</b> The file tools accept only paths relative to the workspace root. Every path is
 * checked on every call: absolute paths, {@code ~}, {@code ..} above the root and symbolic links that lead
 * outside (in any component, including links created during the run) are refused with a message the model
 * reads. {@code list_files} and {@code search} never follow symbolic links out of the workspace.
 * By default {@code run_shell} is <em>not</em> a sandbox: it starts in the workspace, but the command can
 * reach whatever the process may; gate it with a {@link dev.corvid.agent.ToolApprover} (see
 * {@link #MUTATING_TOOLS}), or run it in a {@link Sandbox#bubblewrap() bubblewrap sandbox} with
 * {@link Builder#sandbox(Sandbox)}, which confines its writes to the workspace and cuts off the network.
 *
 * <p><b>Shell environment.</b> Commands get the application's environment minus every variable whose name
 * ends in {@code _API_KEY}, {@code _KEY}, {@code _TOKEN}, {@code _SECRET} or {@code _PASSWORD} (in any
 * case), minus the names given to {@link Builder#hiddenEnv(String...)}; {@code PAGER} and {@code GIT_PAGER}
 * are {@code cat} and {@code GIT_TERMINAL_PROMPT} is {@code 0}, so nothing waits for a terminal. A command
 * runs at most its timeout; give {@code run_shell} a timeout above {@link Builder#maxShellTimeout} with the
 * agent's {@code toolTimeout("run_shell", ...)}, or the agent stops the call first (the process tree is
 * killed either way).
 *
 * <p>The tool methods are public so that an application can call them too; they throw exceptions whose
 * messages are written for the model. Immutable and thread-safe: one instance serves concurrent runs, and
 * concurrent writes or edits of one file are applied one after another.
 */
public final class CodingTools {

    /** The names of the tools that change files or run commands, for approval policies. */
    public static final Set<String> MUTATING_TOOLS = Set.of("write_file", "edit_file", "run_shell");
    /** The names of the tools that only read the workspace. */
    public static final Set<String> READ_ONLY_TOOLS = Set.of("read_file", "list_files", "search");
    /**
     * How long a command may run unless the model asks otherwise: ten seconds under the agent's default tool
     * timeout, so that the shell's own timeout, which reports the output so far, fires first.
     */
    public static final Duration DEFAULT_SHELL_TIMEOUT = Agent.DEFAULT_TOOL_TIMEOUT.minusSeconds(10);
    /** The longest the model may let a command run unless the builder says otherwise. */
    public static final Duration DEFAULT_MAX_SHELL_TIMEOUT = Duration.ofSeconds(600);

    private final Workspace workspace;
    private final FileChanges changes;
    private final ShellCommands shell;
    private final Sandbox sandbox;

    private CodingTools(Builder builder) {
        this.workspace = new Workspace(builder.workspace);
        this.changes = new FileChanges(workspace);
        this.sandbox = builder.sandbox;
        this.shell = new ShellCommands(workspace.root(), builder.hiddenEnv, sandbox, builder.shellTimeout,
                builder.maxShellTimeout);
    }

    /**
     * {@return the tools for a workspace, with default settings}
     *
     * @param workspace an existing directory; the tools cannot reach outside it
     * @throws IllegalArgumentException when it is null or not an existing directory
     */
    public static CodingTools in(Path workspace) {
        return builder(workspace).build();
    }

    /**
     * {@return a builder for tools confined to a workspace directory; see {@link #in(Path)}}
     *
     * @param workspace the directory every tool is confined to
     */
    public static Builder builder(Path workspace) {
        return new Builder(workspace);
    }

    /** {@return the real path of the workspace root} */
    public Path workspace() {
        return workspace.root();
    }

    /**
     * Reads a page of a text file as numbered lines.
     *
     * @param path the file, relative to the workspace root
     * @param offset the first line, from 1; null for 1
     * @param limit how many lines at most; null for 2000
     * @return the lines, numbered, and a note on how to read the next page when there is one
     * @throws IOException when the file is missing or cannot be read
     * @throws SecurityException when the path leads outside the workspace
     * @throws IllegalArgumentException when the file is binary or a directory, or an argument is out of range
     */
    @Tool(name = "read_file", value = "Reads a text file of the workspace and returns its lines numbered from 1, "
            + "as 'number<TAB>line'. Returns up to " + PagedReader.DEFAULT_LIMIT + " lines per call; a longer file "
            + "ends with a note giving the offset of the next page. Lines longer than " + PagedReader.MAX_LINE_CHARS
            + " characters are cut. Binary files are refused. Read a file before you edit it.")
    public String readFile(
            @ToolParam("file path relative to the workspace root, e.g. 'src/main/java/App.java'") String path,
            @ToolParam(value = "line number to start at, from 1; default 1", required = false) Integer offset,
            @ToolParam(value = "maximum number of lines to return; default " + PagedReader.DEFAULT_LIMIT,
                    required = false) Integer limit) throws IOException {
        return PagedReader.page(workspace, path, offset, limit);
    }

    /**
     * Creates or replaces a file, creating its parent directories. An existing file that uses CRLF line
     * endings or a UTF-8 byte order mark keeps them when the content has none of its own.
     *
     * @param path the file, relative to the workspace root
     * @param content the whole new content
     * @return what was done: created or overwrote, bytes, lines
     * @throws IOException when the file or a directory cannot be written
     * @throws SecurityException when the path leads outside the workspace
     * @throws IllegalArgumentException when the path names a directory
     */
    @Tool(name = "write_file", value = "Creates a file, or replaces the whole content of an existing one, creating "
            + "parent directories as needed. To change part of an existing file, prefer edit_file. An existing file's "
            + "CRLF line endings and UTF-8 byte order mark are kept.")
    public String writeFile(
            @ToolParam("file path relative to the workspace root, e.g. 'src/main/java/App.java'") String path,
            @ToolParam("the complete content of the file") String content) throws IOException {
        return changes.write(path, content);
    }

    /**
     * Replaces exact text in a file, refusing when the text is missing or ambiguous.
     *
     * @param path the file, relative to the workspace root
     * @param oldText the text to replace, exactly as in the file (line endings may be LF or CRLF)
     * @param newText the replacement
     * @param replaceAll whether every occurrence is replaced; null or false demands exactly one
     * @return what changed, with numbered lines around the edit
     * @throws IOException when the file is missing or cannot be read or written
     * @throws SecurityException when the path leads outside the workspace
     * @throws IllegalArgumentException when the file is not UTF-8 text, or old_text matches nowhere or in
     *     several places; the message shows the nearest lines or the matching line numbers
     */
    @Tool(name = "edit_file", value = "Replaces exact text in a file. old_text must match the file exactly, "
            + "including whitespace and indentation but without the line numbers read_file shows, and must match "
            + "exactly one place unless replace_all is true: include enough surrounding lines to make it unique. "
            + "Returns the changed lines with line numbers. Read the file before editing it.")
    public String editFile(
            @ToolParam("file path relative to the workspace root") String path,
            @ToolParam(name = "old_text", value = "the exact text to replace") String oldText,
            @ToolParam(name = "new_text", value = "the text to put in its place; empty to delete it") String newText,
            @ToolParam(name = "replace_all", value = "replace every occurrence instead of exactly one; default false",
                    required = false) Boolean replaceAll) throws IOException {
        return changes.edit(path, oldText, newText, Boolean.TRUE.equals(replaceAll));
    }

    /**
     * Lists files under a directory, recursively, honouring {@code .gitignore}.
     *
     * @param path the directory, relative to the workspace root; null or empty for the root
     * @param glob only files matching this glob; null for all
     * @param context the call's context, for cancellation; null outside an agent
     * @return one path per line, relative to the workspace root, with a note when the list was cut
     * @throws IOException when the path does not exist
     * @throws SecurityException when the path leads outside the workspace
     */
    @Tool(name = "list_files", value = "Lists the files under a directory of the workspace, recursively, one path "
            + "per line relative to the workspace root. Skips the .git directory and whatever .gitignore files "
            + "ignore. Returns at most " + FileSearch.MAX_LISTED + " paths; narrow it with path or glob.")
    public String listFiles(
            @ToolParam(value = "directory to list, relative to the workspace root; default the whole workspace",
                    required = false) String path,
            @ToolParam(value = "only files matching this glob: without '/' it matches file names at any depth "
                    + "(e.g. '*.java'), with '/' it matches paths (e.g. 'src/**/*.{ts,tsx}')", required = false)
            String glob,
            ToolContext context) throws IOException {
        return FileSearch.list(workspace, path, glob, context);
    }

    /**
     * Searches the text files under a path for a regular expression, line by line.
     *
     * @param pattern a {@link java.util.regex.Pattern} regular expression
     * @param path the directory or file, relative to the workspace root; null or empty for the root
     * @param glob only files matching this glob; null for all
     * @param context the call's context, for cancellation; null outside an agent
     * @return {@code path:line: text} per matching line, with a note when the list was cut
     * @throws IOException when the path does not exist
     * @throws SecurityException when the path leads outside the workspace
     * @throws IllegalArgumentException when the pattern or the glob is invalid
     */
    @Tool(name = "search", value = "Searches the text files of the workspace for a regular expression (Java "
            + "syntax) and returns each matching line as 'path:line: text'. Matches within single lines; skips "
            + "binary files, the .git directory and whatever .gitignore files ignore. Returns at most "
            + FileSearch.MAX_MATCHES + " matches; narrow it with path, glob or a more specific pattern.")
    public String search(
            @ToolParam("regular expression, e.g. 'class\\s+\\w+Service' or 'deprecated'; prefix (?i) to ignore case")
            String pattern,
            @ToolParam(value = "directory or file to search, relative to the workspace root; default the whole "
                    + "workspace", required = false) String path,
            @ToolParam(value = "only files matching this glob: without '/' it matches file names at any depth "
                    + "(e.g. '*.java'), with '/' it matches paths (e.g. 'src/**/*.{ts,tsx}')", required = false)
            String glob,
            ToolContext context) throws IOException {
        return FileSearch.search(workspace, path, pattern, glob, context);
    }

    /**
     * Runs a shell command in the workspace as a fresh process.
     *
     * @param command the command line for {@code bash -c} (or {@code sh -c} where bash is missing)
     * @param timeoutSeconds how long it may run; null for the default, more than the maximum is lowered to it
     * @param context the call's context; its cancellation kills the process tree; null outside an agent
     * @return the exit code (or that it timed out), the working directory and the output, head and tail kept
     * @throws IOException when the process cannot be started
     * @throws InterruptedException when the calling thread is interrupted; the process tree is killed first
     * @throws IllegalArgumentException when the command is empty or the timeout is not positive
     */
    @Tool(name = "run_shell", value = "Runs a shell command with bash in the workspace directory and returns its "
            + "exit code and its combined stdout and stderr. Each call is a fresh process: cd and variables do not "
            + "carry over, so chain commands with &&. Standard input is closed, so interactive programs fail; pass "
            + "flags such as -y; a background process must send its output to a file. The command and its child "
            + "processes are killed when it runs longer than timeout_seconds. Long output keeps its first and last "
            + "5,000 characters.")
    public String runShell(
            @ToolParam("the command, e.g. 'mvn -q test' or 'git diff --stat'") String command,
            @ToolParam(name = "timeout_seconds", value = "seconds the command may run; omit it for the default, "
                    + "which suits most commands; give more for long builds or test runs", required = false)
            Integer timeoutSeconds,
            ToolContext context) throws IOException, InterruptedException {
        return shell.run(command, timeoutSeconds, context);
    }

    /**
     * Describes what a call of one of these tools would do, for a person asked to approve it: a unified diff
     * for {@code write_file} and {@code edit_file}, the command and its limits for {@code run_shell}.
     * Changes nothing.
     *
     * <pre>{@code
     * ToolApprover approver = call -> tools.preview(call)
     *         .map(change -> askUser(call.name(), change))
     *         .orElse(Approval.allow());
     * }</pre>
     *
     * @param call a call as the model sent it; never null
     * @return the description; empty for the read-only tools and tools not from here, and for calls that will
     *     fail (unparsable arguments, a path outside the workspace, old_text not found), whose error the model
     *     reads when the call runs
     */
    public Optional<String> preview(ToolCall call) {
        return CallPreview.of(call, changes, shell::timeout, workspace.root());
    }

    /** {@return where {@code run_shell} commands run; see {@link Builder#sandbox(Sandbox)}} */
    public Sandbox sandbox() {
        return sandbox;
    }

    @Override
    public String toString() {
        return "CodingTools[" + workspace.root() + "]";
    }

    /** Builds {@link CodingTools}, checking the settings in {@link #build()}; not thread-safe. */
    public static final class Builder {
        private final Path workspace;
        private Duration shellTimeout = DEFAULT_SHELL_TIMEOUT;
        private Duration maxShellTimeout = DEFAULT_MAX_SHELL_TIMEOUT;
        private final Set<String> hiddenEnv = new LinkedHashSet<>();
        private Sandbox sandbox = Sandbox.none();

        private Builder(Path workspace) {
            this.workspace = workspace;
        }

        /**
         * Sets how long a command may run when the model gives no timeout; 110 seconds by default.
         *
         * @param timeout how long a command may run when the model gives no timeout
         * @return this builder
         */
        public Builder shellTimeout(Duration timeout) {
            this.shellTimeout = timeout;
            return this;
        }

        /**
         * Sets the longest timeout the model may ask for; 600 seconds by default.
         *
         * @param timeout the longest timeout the model may ask for
         * @return this builder
         */
        public Builder maxShellTimeout(Duration timeout) {
            this.maxShellTimeout = timeout;
            return this;
        }

        /**
         * Adds environment variables that commands must not see, besides those whose names end in
         * {@code _API_KEY}, {@code _KEY}, {@code _TOKEN}, {@code _SECRET} or {@code _PASSWORD}; compared
         * ignoring case.
         *
         * @param names environment variables that commands must not see, besides those whose names end in {@code
         *     _API_KEY}, {@code _KEY}, {@code _TOKEN}, {@code _SECRET} or {@code _PASSWORD}
         * @return this builder
         */
        public Builder hiddenEnv(String... names) {
            for (String name : names) {
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException("hidden environment variable names must not be null or blank");
                }
                hiddenEnv.add(name);
            }
            return this;
        }

        /**
         * Sets where {@code run_shell} commands run: {@link Sandbox#none()} (the default) or
         * {@link Sandbox#bubblewrap()}, which falls back to plain processes where bwrap cannot run.
         *
         * @param sandbox the sandbox
         * @return this builder
         */
        public Builder sandbox(Sandbox sandbox) {
            if (sandbox == null) {
                throw new IllegalArgumentException("sandbox must not be null; use Sandbox.none() for none");
            }
            this.sandbox = sandbox;
            return this;
        }

        /**
         * {@return the tools}
         *
         * @throws IllegalArgumentException when the workspace is not an existing directory or a timeout is
         *     missing, not positive, or the default exceeds the maximum
         */
        public CodingTools build() {
            ShellCommands.checkTimeouts(shellTimeout, maxShellTimeout);
            return new CodingTools(this);
        }
    }
}
