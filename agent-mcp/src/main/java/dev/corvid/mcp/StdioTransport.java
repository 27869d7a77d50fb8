package dev.corvid.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The stdio transport of one server process: JSON-RPC messages as lines on its stdin and stdout, its
 * stderr to the log and a short memory of its last lines.
 *
 * <p>Corvid starts the process itself rather than through the SDK's transport so that it holds the
 * process: to say whether it is alive and how it exited, to set its working directory, and to end it and
 * its children when the JVM stops.
 */
final class StdioTransport implements McpClientTransport {

    private static final System.Logger LOG = System.getLogger("dev.corvid.mcp");
    private static final int STDERR_LINES = 20;

    private final String serverName;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path directory;
    private final McpJsonMapper mapper;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private volatile Process process;
    private volatile boolean closing;

    StdioTransport(String serverName, List<String> command, Map<String, String> environment, Path directory,
                   McpJsonMapper mapper) {
        this.serverName = serverName;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.directory = directory;
        this.mapper = mapper;
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return Mono.fromRunnable(() -> {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
            }
            Processes.track(process);
            Process started = process;
            daemon("stdout", () -> readMessages(started, handler));
            daemon("stderr", () -> readErrors(started));
        });
    }

    private void readMessages(Process started,
                              Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                McpSchema.JSONRPCMessage message;
                try {
                    message = McpSchema.deserializeJsonRpcMessage(mapper, line);
                } catch (IOException | RuntimeException notJsonRpc) {
                    // Some servers print banners on stdout; they are no messages, and no reason to stop.
                    LOG.log(System.Logger.Level.DEBUG, "MCP server {0} wrote a line that is no JSON-RPC message: {1}",
                            serverName, line);
                    continue;
                }
                handler.apply(Mono.just(message)).subscribe(reply -> { }, failure -> LOG.log(
                        System.Logger.Level.DEBUG, "MCP server " + serverName + ": a message failed", failure));
            }
        } catch (IOException e) {
            if (!closing) {
                LOG.log(System.Logger.Level.DEBUG, "MCP server " + serverName + ": stdout ended", e);
            }
        }
    }

    private void readErrors(Process started) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(started.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_LINES) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line);
                }
                LOG.log(System.Logger.Level.DEBUG, "[mcp:{0}] {1}", serverName, line);
            }
        } catch (IOException ended) {
            // The stream closes with the process; nothing more to read.
        }
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return Mono.fromRunnable(() -> {
            Process running = process;
            if (running == null || !running.isAlive()) {
                throw new IllegalStateException(exitDescription());
            }
            try {
                // One message per line: the JSON writer never puts a raw newline inside a message.
                byte[] line = (mapper.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
                OutputStream stdin = running.getOutputStream();
                synchronized (stdin) {
                    stdin.write(line);
                    stdin.flush();
                }
            } catch (IOException e) {
                throw new IllegalStateException(exitDescription(), e);
            }
        });
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(this::stop);
    }

    @Override
    public void close() {
        stop();
    }

    /** Ends the process: closing its stdin first, as the MCP specification suggests, then TERM, then KILL. */
    void stop() {
        closing = true;
        Process running = process;
        if (running == null) {
            return;
        }
        try {
            running.getOutputStream().close();
            if (!running.waitFor(500, TimeUnit.MILLISECONDS)) {
                Processes.end(running);
            }
        } catch (IOException e) {
            Processes.end(running);
        } catch (InterruptedException e) {
            Processes.end(running);
            Thread.currentThread().interrupt();
        }
        Processes.untrack(running);
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
        return mapper.convertValue(data, type);
    }

    /** Returns whether the process is running. */
    boolean isAlive() {
        Process running = process;
        return running != null && running.isAlive();
    }

    /** Returns whether the process was started and has ended. */
    boolean hasExited() {
        Process running = process;
        return running != null && !running.isAlive();
    }

    /** Says how the process ended, or that it is still running. */
    String exitDescription() {
        Process running = process;
        if (running == null) {
            return "the server was not started";
        }
        if (running.isAlive()) {
            return "the server is running";
        }
        return "the server exited with code " + running.exitValue();
    }

    /** Returns the last lines the server wrote to stderr, oldest first. */
    List<String> stderrTail() {
        synchronized (stderrTail) {
            return new ArrayList<>(stderrTail);
        }
    }

    private void daemon(String stream, Runnable body) {
        Thread thread = new Thread(body, "corvid-mcp-" + serverName + "-" + stream);
        thread.setDaemon(true);
        thread.start();
    }
}
