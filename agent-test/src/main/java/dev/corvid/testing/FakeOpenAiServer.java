package dev.corvid.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * An OpenAI-compatible server on the loopback interface, for tests over real HTTP: it replays scripted
 * replies (JSON bodies, SSE streams, error statuses, delays, stalls and broken connections) and records
 * every request it receives.
 *
 * <pre>{@code
 * try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
 *     server.enqueue(Reply.completion(AssistantMessage.ofToolCalls(List.of(ToolCall.of("c1", "add", "{}")))))
 *           .enqueue(Reply.stream(AssistantMessage.of("5")));
 *     OpenAiCompatibleModel model = OpenAiCompatibleModel.builder()
 *             .baseUrl(server.baseUrl()).model("test").build();
 *     ...
 *     assertEquals(2, server.requests().size());
 * }
 * }</pre>
 *
 * <p>Replies are taken in the order they were enqueued; when none is left, the handler given to
 * {@link #otherwise(Function)} answers, and without one the server replies 500 saying the script ran out.
 * Thread-safe.
 */
public final class FakeOpenAiServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Function<RecordedRequest, Reply> otherwise;

    private FakeOpenAiServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts a server on 127.0.0.1 on a free port.
     *
     * <p>Sets the system property {@code sun.net.httpserver.nodelay} to {@code true} unless it is set: without
     * it the JDK's server holds back each small streamed piece for tens of milliseconds.
     *
     * @return the running server; close it to stop it
     */
    public static FakeOpenAiServer start() {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, "fake-openai-server");
                thread.setDaemon(true);
                return thread;
            });
            FakeOpenAiServer fake = new FakeOpenAiServer(server, executor);
            server.createContext("/", fake::handle);
            server.setExecutor(executor);
            server.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the fake server on the loopback interface", e);
        }
    }

    /** {@return the base URL to give a model, ending in {@code /v1}} */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /**
     * Adds a reply to the end of the script.
     *
     * @param reply a reply to the end of the script
     * @return this server
     */
    public FakeOpenAiServer enqueue(Reply reply) {
        if (reply == null) {
            throw new IllegalArgumentException("reply must not be null");
        }
        synchronized (script) {
            script.add(reply);
        }
        return this;
    }

    /**
     * Sets the handler that answers once the script is used up.
     *
     * @param handler the reply to each request once the script is used up
     * @return this server
     */
    public FakeOpenAiServer otherwise(Function<RecordedRequest, Reply> handler) {
        this.otherwise = handler;
        return this;
    }

    /** {@return every request received so far, in order of arrival} */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** {@return the last request received} */
    public RecordedRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException("the fake server has received no request");
        }
        return requests.get(requests.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                headers, new String(body, StandardCharsets.UTF_8), System.nanoTime());
        requests.add(request);
        Reply reply;
        synchronized (script) {
            reply = script.poll();
        }
        if (reply == null) {
            Function<RecordedRequest, Reply> handler = otherwise;
            reply = handler != null ? handler.apply(request) : Reply.json(500,
                    "{\"error\":{\"message\":\"the fake server's script has no reply left for request "
                            + requests.size() + "\",\"code\":\"script_exhausted\"}}");
        }
        reply.send(exchange);
    }

    /** Stops the server at once. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Pauses the calling thread; a server thread interrupted by {@link #close()} just stops waiting. */
    static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
