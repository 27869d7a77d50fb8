package dev.corvid.bench;

import dev.corvid.model.Cancellation;
import dev.corvid.model.Message;
import dev.corvid.model.ModelRequest;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ModelSettings;
import dev.corvid.model.StreamListener;
import dev.corvid.model.ToolCall;
import dev.corvid.openai.OpenAiCompatibleModel;
import dev.corvid.tool.ToolDefinition;
import dev.corvid.tool.Toolbox;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A diagnostic client, {@code corvid-model}: Corvid's {@link OpenAiCompatibleModel} driven by the baseline's
 * bare loop instead of Corvid's {@code Agent}, to tell the cost of the HTTP model from the cost of the agent
 * loop. Tools are called as the baseline calls them. Thread-safe.
 */
final class CorvidModelClient implements AgentClient {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final OpenAiCompatibleModel model;
    private final BenchTools tools;
    private final List<ToolDefinition> definitions;
    private final ExecutorService toolExecutor = BenchThreads.executor();
    private final AtomicLong runCount = new AtomicLong();

    CorvidModelClient(String baseUrl, boolean stream, BenchTools tools) {
        this.model = OpenAiCompatibleModel.builder().baseUrl(baseUrl).apiKey(Workload.API_KEY).model(Workload.MODEL)
                .stream(stream).build();
        this.tools = tools;
        this.definitions = Toolbox.of(tools).definitions();
    }

    @Override
    public Answer run(String prompt) {
        String runId = "model-" + runCount.incrementAndGet();
        List<Message> transcript = new ArrayList<>();
        transcript.add(Message.user(prompt));
        while (true) {
            ModelResponse response = model.complete(new ModelRequest(transcript, definitions, ModelSettings.DEFAULT,
                    StreamListener.NONE, new Cancellation()));
            transcript.add(response.message());
            List<ToolCall> calls = response.message().toolCalls();
            if (calls.isEmpty()) {
                return new Answer(runId, response.message().text());
            }
            List<Future<String>> results = new ArrayList<>(calls.size());
            for (ToolCall call : calls) {
                results.add(toolExecutor.submit(() -> invoke(runId, call)));
            }
            for (int i = 0; i < calls.size(); i++) {
                try {
                    transcript.add(Message.tool(calls.get(i).id(), calls.get(i).name(), results.get(i).get()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        }
    }

    private String invoke(String runId, ToolCall call) {
        JsonNode arguments = MAPPER.readTree(call.arguments());
        return call.name().equals("add")
                ? Integer.toString(tools.sum(runId, arguments.path("a").asInt(), arguments.path("b").asInt()))
                : tools.weatherFor(runId, arguments.path("city").asString());
    }

    @Override
    public void close() {
        model.close();
    }
}
