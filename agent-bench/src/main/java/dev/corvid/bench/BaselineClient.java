package dev.corvid.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark's agent loop written by hand, as tightly as a careful programmer would: HttpClient 5 classic
 * with a pooled connection manager, request bodies written with Jackson's streaming generator and the tool
 * definitions serialised once, responses read as Jackson trees, SSE split into lines by hand, and the tool
 * calls of a turn run in parallel on {@link BenchThreads} (the same kind of executor Corvid uses), or, with
 * inline tools, one after the other on the run's own thread, as a hand-written loop with quick tools would.
 *
 * <p>Thread-safe: runs share the connection pool and nothing else.
 */
final class BaselineClient implements AgentClient {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final int MAX_TURNS = 10;

    /** The tool definitions, the same schemas Corvid derives from {@link BenchTools}. */
    private static final String TOOLS_JSON = "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"description\":\"Returns the current weather in a city\",\"parameters\":{\"type\":\"object\","
            + "\"properties\":{\"city\":{\"type\":\"string\",\"description\":\"the city, e.g. Paris\"}},"
            + "\"required\":[\"city\"],\"additionalProperties\":false}}},"
            + "{\"type\":\"function\",\"function\":{\"name\":\"add\",\"description\":\"Adds two integers and returns the sum\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\",\"description\":\"the first addend\"},"
            + "\"b\":{\"type\":\"integer\",\"description\":\"the second addend\"}},\"required\":[\"a\",\"b\"],"
            + "\"additionalProperties\":false}}}]";

    private final CloseableHttpClient http;
    private final URI endpoint;
    private final boolean stream;
    private final BenchTools tools;
    /** Runs the tool calls, or null when they run on the run's own thread. */
    private final ExecutorService toolExecutor;
    private final AtomicLong runCount = new AtomicLong();

    /**
     * Creates the client.
     *
     * @param baseUrl the provider's base URL, ending in {@code /v1}
     * @param stream whether to ask for SSE
     * @param maxConnections the size of the connection pool
     * @param tools the tools to call
     * @param inlineTools whether a turn's tool calls run one after the other on the run's own thread
     *     instead of in parallel on {@link BenchThreads#executor()}
     */
    BaselineClient(String baseUrl, boolean stream, int maxConnections, BenchTools tools, boolean inlineTools) {
        this.endpoint = URI.create(baseUrl + "/chat/completions");
        this.stream = stream;
        this.tools = tools;
        this.toolExecutor = inlineTools ? null : BenchThreads.executor();
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(10))
                        .setSocketTimeout(Timeout.ofSeconds(120))
                        .build())
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(120)).build())
                .disableCookieManagement()
                .build();
    }

    @Override
    public Answer run(String prompt) {
        String runId = "baseline-" + runCount.incrementAndGet();
        List<Object> transcript = new ArrayList<>();
        transcript.add(prompt);
        for (int turn = 1; turn <= MAX_TURNS; turn++) {
            ModelTurn reply = send(body(transcript));
            transcript.add(reply);
            if (reply.calls().isEmpty()) {
                return new Answer(runId, reply.text());
            }
            if (toolExecutor == null) {
                for (ToolCall call : reply.calls()) {
                    transcript.add(new ToolResult(call.id(), invoke(runId, call)));
                }
                continue;
            }
            List<Future<String>> results = new ArrayList<>(reply.calls().size());
            for (ToolCall call : reply.calls()) {
                results.add(toolExecutor.submit(() -> invoke(runId, call)));
            }
            for (int i = 0; i < results.size(); i++) {
                transcript.add(new ToolResult(reply.calls().get(i).id(), await(results.get(i))));
            }
        }
        throw new IllegalStateException("the model was still calling tools after " + MAX_TURNS + " turns");
    }

    @Override
    public void close() {
        http.close(org.apache.hc.core5.io.CloseMode.GRACEFUL);
        if (toolExecutor != null) {
            toolExecutor.shutdown();
        }
    }

    /** A tool call as the model sent it. */
    record ToolCall(String id, String name, String arguments) {
    }

    /** What the model said in one turn. */
    record ModelTurn(String text, List<ToolCall> calls) {
    }

    private record ToolResult(String callId, String content) {
    }

    private String invoke(String runId, ToolCall call) {
        JsonNode arguments = MAPPER.readTree(call.arguments());
        switch (call.name()) {
            case "get_weather":
                return tools.weatherFor(runId, arguments.path("city").asString());
            case "add":
                return Integer.toString(tools.sum(runId, arguments.path("a").asInt(), arguments.path("b").asInt()));
            default:
                return "Error: there is no tool named " + call.name();
        }
    }

    private static String await(Future<String> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a tool ran", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a tool failed", e.getCause());
        }
    }

    /** Writes the request body: the transcript (the prompt, then model turns and tool results) and the tools. */
    private byte[] body(List<Object> transcript) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator json = MAPPER.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringProperty("model", Workload.MODEL);
            json.writeName("messages");
            json.writeStartArray();
            for (Object message : transcript) {
                json.writeStartObject();
                if (message instanceof String prompt) {
                    json.writeStringProperty("role", "user");
                    json.writeStringProperty("content", prompt);
                } else if (message instanceof ModelTurn turn) {
                    json.writeStringProperty("role", "assistant");
                    json.writeStringProperty("content", turn.text());
                    if (!turn.calls().isEmpty()) {
                        writeToolCalls(json, turn.calls());
                    }
                } else {
                    ToolResult result = (ToolResult) message;
                    json.writeStringProperty("role", "tool");
                    json.writeStringProperty("tool_call_id", result.callId());
                    json.writeStringProperty("content", result.content());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeName("tools");
            json.writeRawValue(TOOLS_JSON);
            if (stream) {
                json.writeBooleanProperty("stream", true);
                json.writeName("stream_options");
                json.writeStartObject();
                json.writeBooleanProperty("include_usage", true);
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void writeToolCalls(JsonGenerator json, List<ToolCall> calls) {
        json.writeName("tool_calls");
        json.writeStartArray();
        for (ToolCall call : calls) {
            json.writeStartObject();
            json.writeStringProperty("id", call.id());
            json.writeStringProperty("type", "function");
            json.writeName("function");
            json.writeStartObject();
            json.writeStringProperty("name", call.name());
            json.writeStringProperty("arguments", call.arguments());
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private ModelTurn send(byte[] body) {
        ClassicHttpRequest request = ClassicRequestBuilder.post(endpoint)
                .setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + Workload.API_KEY)
                .setHeader(HttpHeaders.ACCEPT, stream ? "text/event-stream" : "application/json")
                .setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON))
                .build();
        try {
            return http.execute(request, response -> {
                if (response.getCode() != 200) {
                    throw new IllegalStateException("the model answered HTTP " + response.getCode() + ": "
                            + EntityUtils.toString(response.getEntity()));
                }
                try (InputStream in = response.getEntity().getContent()) {
                    return stream ? BaselineStream.read(in, MAPPER) : readJson(in);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ModelTurn readJson(InputStream in) {
        JsonNode message = MAPPER.readTree(in).path("choices").path(0).path("message");
        JsonNode content = message.path("content");
        List<ToolCall> calls = new ArrayList<>(2);
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            calls.add(new ToolCall(call.path("id").asString(), function.path("name").asString(),
                    function.path("arguments").asString("{}")));
        }
        return new ModelTurn(content.isString() ? content.stringValue() : null, calls);
    }
}
