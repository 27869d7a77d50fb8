package dev.corvid.bench;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunResult;
import dev.corvid.openai.OpenAiCompatibleModel;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * The benchmark's agent run through Corvid, configured the way its README shows: an
 * {@link OpenAiCompatibleModel} and the annotated {@link BenchTools}. Thread-safe.
 *
 * <p>By default the model owns its connection pool, as users get it. The diagnostic variant
 * {@code corvid-shared-pool} hands the model an HttpClient, through the public {@code httpClient(...)}
 * option, whose pool is as large as the baseline's, to tell the effect of the pool's size from the rest.
 */
final class CorvidClient implements AgentClient {

    private final OpenAiCompatibleModel model;
    private final CloseableHttpClient sharedClient;
    private final Agent agent;

    /**
     * Creates the client.
     *
     * @param sharedPoolSize the size of a pool handed to the model, or 0 to let the model create its own
     */
    CorvidClient(String baseUrl, boolean stream, BenchTools tools, int sharedPoolSize) {
        OpenAiCompatibleModel.Builder builder = OpenAiCompatibleModel.builder()
                .baseUrl(baseUrl)
                .apiKey(Workload.API_KEY)
                .model(Workload.MODEL)
                .stream(stream);
        this.sharedClient = sharedPoolSize > 0 ? pooledClient(sharedPoolSize) : null;
        if (sharedClient != null) {
            builder.httpClient(sharedClient);
        }
        this.model = builder.build();
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
        if (sharedClient != null) {
            sharedClient.close(CloseMode.GRACEFUL);
        }
    }

    /** Returns a client set up as the model sets up its own, but with a pool of the given size. */
    private static CloseableHttpClient pooledClient(int size) {
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(size)
                        .setMaxConnPerRoute(size)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(10))
                                .setSocketTimeout(Timeout.ofMinutes(10))
                                .build())
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }
}
