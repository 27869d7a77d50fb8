package dev.corvid.mcp;

import dev.corvid.tool.FunctionTool;
import dev.corvid.tool.ToolResult;
import dev.corvid.tool.ToolSet;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * One MCP server and its tools: a process Corvid starts and talks to over stdio, or a Streamable HTTP
 * endpoint.
 *
 * <pre>{@code
 * try (McpServer files = McpServer.builder("files")
 *         .command("npx", "-y", "@modelcontextprotocol/server-filesystem", "/srv/docs")
 *         .build()) {
 *     List<FunctionTool> tools = files.tools();
 * }
 * }</pre>
 *
 * <p>{@link Builder#build()} starts the server and lists its tools, so a server that cannot start fails
 * there. When the server announces that its tools changed, {@link #tools()} reflects the new list and
 * {@link #version()} changes. A call to a stdio server that died or hung becomes an error result, and the
 * server is started again for the next call. Thread-safe.
 */
public final class McpServer implements ToolSet {

    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,40}$");
    private static final Pattern INVALID_NAME_CHARACTERS = Pattern.compile("[^a-zA-Z0-9_-]");

    private final Builder settings;
    private final AtomicLong version = new AtomicLong();
    private final Object toolsLock = new Object();
    private volatile Connection connection;
    private volatile List<FunctionTool> tools = List.of();
    private volatile boolean closed;

    private McpServer(Builder settings) {
        this.settings = settings;
    }

    /**
     * Starts building a server.
     *
     * @param name the server's name, used in messages and to tell apart tools of the same name: 1 to 40
     *     letters, digits, '_' or '-'
     * @return a builder; give it a {@linkplain Builder#command(String, String...) command} or a
     *     {@linkplain Builder#url(String) URL}
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** {@return the server's name} */
    public String name() {
        return settings.name;
    }

    @Override
    public List<FunctionTool> tools() {
        return tools;
    }

    @Override
    public long version() {
        return version.get();
    }

    /** Ends the server's process or HTTP session; later calls of its tools return an error. */
    @Override
    public synchronized void close() {
        closed = true;
        Connection open = connection;
        connection = null;
        if (open != null) {
            open.close();
        }
    }

    private synchronized Connection connect() {
        if (closed) {
            throw new IllegalStateException("the MCP server '" + name() + "' was closed");
        }
        Connection open = connection;
        if (open != null && open.isUsable()) {
            return open;
        }
        if (open != null) {
            open.close();
        }
        open = Connection.open(settings, this::toolsChanged);
        connection = open;
        toolsChanged(open.listTools());
        return open;
    }

    /** Takes a new list of tools from the server. */
    private void toolsChanged(List<McpSchema.Tool> listed) {
        List<FunctionTool> built = new ArrayList<>();
        for (McpSchema.Tool tool : listed) {
            String name = validName(tool.name());
            McpTool.Hints hints = hints(tool.annotations());
            McpTool.Approval approval = settings.toolApprovals.getOrDefault(tool.name(),
                    settings.approval != null ? settings.approval : McpTool.Approval.from(hints));
            built.add(new McpTool(this, name, tool.name(), tool.description(), Connection.schema(tool.inputSchema()),
                    tool.outputSchema() != null, hints, approval));
        }
        // Not the server's monitor: connect() holds that while it waits for the replies this thread may carry.
        synchronized (toolsLock) {
            if (!built.stream().map(FunctionTool::definition).toList()
                    .equals(tools.stream().map(FunctionTool::definition).toList())) {
                tools = List.copyOf(built);
                version.incrementAndGet();
            }
        }
    }

    /**
     * Calls a tool on the server; every failure becomes an error result the model reads.
     *
     * @param hasOutputSchema whether the tool declares an output schema, which makes its structured content
     *     the result
     */
    ToolResult call(String remoteName, boolean hasOutputSchema, JsonNode arguments) {
        Connection open;
        try {
            open = connect();
        } catch (RuntimeException e) {
            return ToolResult.failure("Error: the MCP server '" + name() + "' is not available: " + e.getMessage());
        }
        try {
            McpSchema.CallToolResult result = open.call(remoteName, arguments);
            return Results.toResult(remoteName, result, hasOutputSchema);
        } catch (McpError e) {
            String message = e.getJsonRpcError() != null ? e.getJsonRpcError().message() : e.getMessage();
            return ToolResult.failure("Error from " + remoteName + ": " + message);
        } catch (RuntimeException e) {
            return ToolResult.failure(open.describeFailure(remoteName, e, settings.callTimeout));
        }
    }

    static McpTool.Hints hints(McpSchema.ToolAnnotations annotations) {
        if (annotations == null) {
            return McpTool.Hints.DEFAULT;
        }
        McpTool.Hints defaults = McpTool.Hints.DEFAULT;
        return new McpTool.Hints(
                annotations.readOnlyHint() != null ? annotations.readOnlyHint() : defaults.readOnly(),
                annotations.destructiveHint() != null ? annotations.destructiveHint() : defaults.destructive(),
                annotations.idempotentHint() != null ? annotations.idempotentHint() : defaults.idempotent(),
                annotations.openWorldHint() != null ? annotations.openWorldHint() : defaults.openWorld());
    }

    /** Makes a server's tool name one the providers accept: other characters become '_', at most 64. */
    static String validName(String name) {
        String valid = INVALID_NAME_CHARACTERS.matcher(name == null || name.isEmpty() ? "tool" : name).replaceAll("_");
        return valid.length() <= 64 ? valid : valid.substring(0, 64);
    }

    @Override
    public String toString() {
        return "McpServer[" + name() + ": " + settings.describe() + "]";
    }

    /**
     * Settings of a server: how to reach it, how long to wait, and approval grades. Not thread-safe; build
     * once.
     */
    public static final class Builder {

        final String name;
        List<String> command;
        final Map<String, String> environment = new LinkedHashMap<>();
        Path directory;
        URI url;
        final Map<String, String> headers = new LinkedHashMap<>();
        Duration callTimeout = Duration.ofSeconds(60);
        Duration startTimeout = Duration.ofSeconds(30);
        McpTool.Approval approval;
        final Map<String, McpTool.Approval> toolApprovals = new LinkedHashMap<>();

        private Builder(String name) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid MCP server name '" + name
                        + "': use 1 to 40 letters, digits, '_' or '-' (it may prefix tool names)");
            }
            this.name = name;
        }

        /**
         * Runs the server as a process and talks to it over its stdin and stdout.
         *
         * @param executable the program, e.g. {@code npx}, found on the PATH
         * @param arguments its arguments
         * @return this builder
         */
        public Builder command(String executable, String... arguments) {
            List<String> all = new ArrayList<>();
            all.add(executable);
            all.addAll(List.of(arguments));
            return command(all);
        }

        /**
         * Runs the server as a process and talks to it over its stdin and stdout.
         *
         * @param commandLine the program followed by its arguments
         * @return this builder
         */
        public Builder command(List<String> commandLine) {
            if (commandLine == null || commandLine.isEmpty() || commandLine.get(0) == null
                    || commandLine.get(0).isBlank() || commandLine.contains(null)) {
                throw new IllegalArgumentException("MCP server '" + name + "' needs a command: the program to run, "
                        + "then its arguments, none null");
            }
            this.command = List.copyOf(commandLine);
            return this;
        }

        /**
         * Sets a variable in the process's environment, which otherwise is this JVM's.
         *
         * @param variable the variable's name
         * @param value its value
         * @return this builder
         */
        public Builder environment(String variable, String value) {
            if (variable == null || variable.isEmpty() || value == null) {
                throw new IllegalArgumentException("an environment variable of MCP server '" + name
                        + "' needs a name and a value");
            }
            environment.put(variable, value);
            return this;
        }

        /**
         * Sets the process's working directory, which otherwise is this JVM's.
         *
         * @param workingDirectory an existing directory
         * @return this builder
         */
        public Builder directory(Path workingDirectory) {
            this.directory = workingDirectory;
            return this;
        }

        /**
         * Talks to the server over Streamable HTTP.
         *
         * @param endpoint the server's MCP endpoint, e.g. {@code http://127.0.0.1:3001/mcp}
         * @return this builder
         */
        public Builder url(String endpoint) {
            URI parsed;
            try {
                parsed = endpoint == null ? null : URI.create(endpoint);
            } catch (IllegalArgumentException e) {
                parsed = null;
            }
            if (parsed == null || parsed.getHost() == null
                    || !("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme()))) {
                throw new IllegalArgumentException("MCP server '" + name + "' needs an http or https URL such as "
                        + "http://127.0.0.1:3001/mcp, not '" + endpoint + "'");
            }
            this.url = parsed;
            return this;
        }

        /**
         * Sends a header with every HTTP request, e.g. {@code Authorization: Bearer ...}.
         *
         * @param header the header's name
         * @param value its value
         * @return this builder
         */
        public Builder header(String header, String value) {
            if (header == null || header.isBlank() || value == null) {
                throw new IllegalArgumentException("a header of MCP server '" + name + "' needs a name and a value");
            }
            headers.put(header, value);
            return this;
        }

        /**
         * Sets how long a tool call may take before it becomes an error result; 60 seconds unless set.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = positive(timeout, "callTimeout");
            return this;
        }

        /**
         * Sets how long starting the server and its handshake may take; 30 seconds unless set.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = positive(timeout, "startTimeout");
            return this;
        }

        /**
         * Sets the approval grade of every tool of this server, overriding what the server's hints say.
         *
         * @param grade the grade
         * @return this builder
         */
        public Builder approval(McpTool.Approval grade) {
            this.approval = grade;
            return this;
        }

        /**
         * Sets the approval grade of one tool, overriding the server's grade and the tool's hints.
         *
         * @param tool the tool's name on the server
         * @param grade the grade
         * @return this builder
         */
        public Builder approval(String tool, McpTool.Approval grade) {
            if (tool == null || grade == null) {
                throw new IllegalArgumentException("a tool approval of MCP server '" + name
                        + "' needs a tool name and a grade");
            }
            toolApprovals.put(tool, grade);
            return this;
        }

        /**
         * Starts the server, completes the MCP handshake and lists its tools.
         *
         * @return the running server; close it to end it
         * @throws IllegalArgumentException when neither or both of a command and a URL were given
         * @throws McpServerException when the server cannot be started or reached, naming it, its command and
         *     the last lines of its stderr
         */
        public McpServer build() {
            if ((command == null) == (url == null)) {
                throw new IllegalArgumentException("MCP server '" + name + "' needs either a command (stdio) or a "
                        + "url (Streamable HTTP), not " + (command == null ? "neither" : "both"));
            }
            if (url != null && (!environment.isEmpty() || directory != null)) {
                throw new IllegalArgumentException("MCP server '" + name + "' is reached by URL: an environment "
                        + "or a working directory only applies to a command");
            }
            if (command != null && !headers.isEmpty()) {
                throw new IllegalArgumentException("MCP server '" + name + "' runs a command: headers only apply "
                        + "to a URL");
            }
            McpServer server = new McpServer(this);
            server.connect();
            return server;
        }

        String describe() {
            return command != null ? String.join(" ", command) : url.toString();
        }

        private Duration positive(Duration timeout, String what) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(what + " of MCP server '" + name + "' must be positive");
            }
            return timeout;
        }
    }
}
