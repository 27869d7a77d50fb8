package dev.corvid.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One session with a server: the SDK's client and its transport. The only class that sees the SDK's
 * client API, so that a new SDK or revision of the specification changes this class alone.
 */
final class Connection {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final McpJsonMapper MAPPER = new JacksonMcpJsonMapper(JSON);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    /** Threads that wait for a server's answer while the caller watches the process and the deadline. */
    private static final ExecutorService WAITERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "corvid-mcp-call");
        thread.setDaemon(true);
        return thread;
    });

    private final String serverName;
    private final McpSyncClient client;
    private final StdioTransport stdio;
    private volatile boolean broken;

    private Connection(String serverName, McpSyncClient client, StdioTransport stdio) {
        this.serverName = serverName;
        this.client = client;
        this.stdio = stdio;
    }

    /** Starts or reaches the server and completes the handshake. */
    static Connection open(McpServer.Builder settings, Consumer<List<McpSchema.Tool>> toolsChanged) {
        StdioTransport stdio = null;
        McpClientTransport transport;
        if (settings.command != null) {
            stdio = new StdioTransport(settings.name, settings.command, settings.environment, settings.directory,
                    MAPPER);
            transport = stdio;
        } else {
            HttpRequest.Builder request = HttpRequest.newBuilder();
            settings.headers.forEach(request::header);
            String url = settings.url.toString();
            String path = settings.url.getRawPath() == null || settings.url.getRawPath().isEmpty()
                    ? "/" : settings.url.getRawPath();
            String query = settings.url.getRawQuery() == null ? "" : "?" + settings.url.getRawQuery();
            String base = url.substring(0, url.indexOf(path, url.indexOf("//") + 2));
            transport = HttpClientStreamableHttpTransport.builder(base)
                    .endpoint(path + query)
                    .requestBuilder(request)
                    .jsonMapper(MAPPER)
                    .connectTimeout(settings.startTimeout)
                    .build();
        }
        McpSyncClient client = McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation("corvid", "0.1.0"))
                .requestTimeout(settings.callTimeout)
                .initializationTimeout(settings.startTimeout)
                .toolsChangeConsumer(toolsChanged)
                .build();
        Connection connection = new Connection(settings.name, client, stdio);
        connection.initialize(settings);
        return connection;
    }

    /** Runs the handshake, failing early when the process exits before it completes. */
    private void initialize(McpServer.Builder settings) {
        // Not on the common pool: the SDK's HTTP transport finishes its work there. On two cores that pool has
        // one thread, which JDK 25's CompletableFuture uses (JDK 17's starts a thread per task instead), and a
        // handshake blocking on that thread would wait for itself.
        CompletableFuture<McpSchema.InitializeResult> handshake = CompletableFuture.supplyAsync(client::initialize,
                WAITERS);
        long deadline = System.nanoTime() + settings.startTimeout.toNanos();
        try {
            while (true) {
                try {
                    handshake.get(100, TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException stillWaiting) {
                    if (stdio != null && stdio.hasExited()) {
                        // Give the stderr reader a moment to take the last lines the process wrote.
                        Thread.sleep(100);
                        throw failure(settings, stdio.exitDescription() + " before completing the MCP handshake",
                                null);
                    }
                    if (System.nanoTime() > deadline) {
                        throw failure(settings, "no answer to the MCP handshake within "
                                + settings.startTimeout.toSeconds() + " s", null);
                    }
                }
            }
        } catch (ExecutionException e) {
            throw failure(settings, rootMessage(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(settings, "interrupted while starting", e);
        }
    }

    private McpServerException failure(McpServer.Builder settings, String what, Throwable cause) {
        close();
        StringBuilder message = new StringBuilder("MCP server '").append(settings.name).append("' could not ")
                .append(settings.command != null ? "start" : "be reached").append(": ").append(what)
                .append(settings.command != null ? ". Command: " : ". URL: ").append(settings.describe());
        if (stdio != null) {
            List<String> tail = stdio.stderrTail();
            if (!tail.isEmpty()) {
                message.append("\nLast lines of its stderr:");
                tail.subList(Math.max(0, tail.size() - 10), tail.size())
                        .forEach(line -> message.append("\n  ").append(line));
            }
        }
        return new McpServerException(settings.name, message.toString(), cause);
    }

    /** Lists every tool, following pages. */
    List<McpSchema.Tool> listTools() {
        List<McpSchema.Tool> tools = new ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListToolsResult page = cursor == null ? client.listTools() : client.listTools(cursor);
            tools.addAll(page.tools());
            cursor = page.nextCursor();
        } while (cursor != null && !cursor.isEmpty());
        return tools;
    }

    /** Calls a tool, blocking until it answers, the call's timeout passes or a stdio server dies. */
    McpSchema.CallToolResult call(String tool, JsonNode arguments) {
        McpSchema.CallToolRequest request = new McpSchema.CallToolRequest(tool, JSON.convertValue(arguments, MAP));
        if (stdio == null) {
            return client.callTool(request);
        }
        CompletableFuture<McpSchema.CallToolResult> pending =
                CompletableFuture.supplyAsync(() -> client.callTool(request), WAITERS);
        try {
            while (true) {
                try {
                    return pending.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillWaiting) {
                    // A dead process never answers: say so now rather than at the timeout.
                    if (!stdio.isAlive()) {
                        broken = true;
                        pending.cancel(true);
                        throw new ServerStopped();
                    }
                }
            }
        } catch (ExecutionException e) {
            if (isTimeout(e.getCause()) || !stdio.isAlive()) {
                // A hung or dead process is ended now and started again for the next call.
                broken = true;
                stdio.stop();
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            broken = true;
            pending.cancel(true);
            stdio.stop();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The process ended while a call waited for its answer. */
    private static final class ServerStopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ServerStopped() {
            super("the server stopped", null, false, false);
        }
    }

    /** Words for a failed call: a dead or hung server says so; anything else gives its message. */
    String describeFailure(String tool, RuntimeException e, Duration timeout) {
        String restart = stdio != null ? "; it will be started again for the next call" : "";
        if (e instanceof ServerStopped || stdio != null && !stdio.isAlive() && !isTimeout(e) && !isInterrupt(e)) {
            List<String> tail = stdio.stderrTail();
            return "Error: MCP server '" + serverName + "' stopped during " + tool + " (" + stdio.exitDescription()
                    + (tail.isEmpty() ? "" : "; its last words: " + tail.get(tail.size() - 1)) + ")" + restart;
        }
        if (isInterrupt(e)) {
            Thread.currentThread().interrupt();
            return "Error: " + tool + " was interrupted before MCP server '" + serverName + "' answered" + restart;
        }
        if (isTimeout(e)) {
            return "Error: MCP server '" + serverName + "' did not answer " + tool + " within " + timeout.toSeconds()
                    + " s; the call was abandoned" + restart;
        }
        return "Error: " + tool + " on MCP server '" + serverName + "' failed: " + rootMessage(e);
    }

    /** Returns whether this session can take more calls. */
    boolean isUsable() {
        return !broken && (stdio == null || stdio.isAlive());
    }

    void close() {
        try {
            client.close();
        } catch (RuntimeException ignored) {
            // Closing is best effort; the process is ended below either way.
        }
        if (stdio != null) {
            stdio.stop();
        }
    }

    /** Returns a tool's input schema as JSON, with {@code "type": "object"} where a server left it out. */
    static JsonNode schema(Map<String, Object> inputSchema) {
        ObjectNode schema = inputSchema == null ? JSON.createObjectNode() : JSON.valueToTree(inputSchema);
        if (!schema.has("type")) {
            schema.put("type", "object");
        }
        return schema;
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isInterrupt(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
