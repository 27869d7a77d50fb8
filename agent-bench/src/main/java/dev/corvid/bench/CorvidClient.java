package dev.corvid.bench;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunResult;
import dev.corvid.openai.OpenAiCompatibleModel;

/**
 * The benchmark's agent run through Corvid, configured the way its README shows: an
 * {@link OpenAiCompatibleModel} and the annotated {@link BenchTools}. Thread-safe.
 */
final class CorvidClient implements AgentClient {

    private final OpenAiCompatibleModel model;
    private final Agent agent;

    CorvidClient(String baseUrl, boolean stream, BenchTools tools) {
        this.model = OpenAiCompatibleModel.builder()
                .baseUrl(baseUrl)
                .apiKey(Workload.API_KEY)
                .model(Workload.MODEL)
                .stream(stream)
                .build();
        this.agent = Agent.builder().model(model).tools(tools).build();
    }

    @Override
    public Answer run(String prompt) {
        RunResult<String> result = agent.run(prompt);
        if (!result.isAnswered()) {
            throw new IllegalStateException("Corvid's run ended " + result.outcome() + ": " + result.detail());
        }
        return new Answer(result.runId(), result.output());
    }

    @Override
    public void close() {
        model.close();
    }
}
