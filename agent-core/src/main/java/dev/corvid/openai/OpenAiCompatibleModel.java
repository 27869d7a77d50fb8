package dev.corvid.openai;

import dev.corvid.model.Cancellation;
import dev.corvid.model.ChatModel;
import dev.corvid.model.JacksonRequirement;
import dev.corvid.model.Message;
import dev.corvid.model.ModelException;
import dev.corvid.model.ModelRequest;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.RateLimitException;
import dev.corvid.model.ToolChoice;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link ChatModel} that talks to any server speaking OpenAI's chat-completions protocol:
 * {@code POST {baseUrl}/chat/completions}, streamed or not.
 *
 * <p>Build one for a known provider ({@link #dashscope(String)}, {@link #routerai(String)},
 * {@link #wcode(String)}, {@link #openai(String)}) or for any base URL with {@link #builder()}. The model's
 * {@link ModelProfile} is chosen from its id and adapts the requests to what the model family accepts.
 * Failed requests are retried by the {@link RetryPolicy} where that can help; failures are thrown as the
 * subtypes of {@link ModelException}. The API key is never logged and never part of a message.
 *
 * <p>Thread-safe: one model serves any number of concurrent runs over a pooled HTTP client. Close it to
 * release an HTTP client it created; a client given to the builder is left open.
 */
public final class OpenAiCompatibleModel implements ChatModel, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(OpenAiCompatibleModel.class.getName());

    private final URI endpoint;
    private final String model;
    private final String provider;
    private final Supplier<String> apiKey;
    private final boolean stream;
    private final ModelProfile profile;
    private final RetryPolicy retryPolicy;
    private final RequestConfig blockingConfig;
    private final RequestConfig streamConfig;
    private final Map<String, String> headers;
    private final CloseableHttpClient httpClient;
    private final boolean ownsClient;
    private final RequestWriter writer;
    private final Exchange exchange;
    /** Where the key comes from, for messages about a refused key; never the key. */
    private final String keyOrigin;

    private OpenAiCompatibleModel(Builder builder, Supplier<String> apiKey) {
        String base = builder.baseUrl.endsWith("/") ? builder.baseUrl.substring(0, builder.baseUrl.length() - 1)
                : builder.baseUrl;
        this.endpoint = URI.create(base + "/chat/completions");
        this.model = builder.model;
        this.provider = builder.provider;
        this.apiKey = apiKey;
        this.stream = builder.stream;
        this.profile = builder.profile != null ? builder.profile : builder.profiles.forModel(builder.model);
        this.retryPolicy = builder.retryPolicy;
        this.blockingConfig = RequestConfig.custom().setResponseTimeout(Timeout.of(builder.responseTimeout)).build();
        this.streamConfig = RequestConfig.custom().setResponseTimeout(Timeout.of(builder.idleTimeout)).build();
        this.headers = Map.copyOf(builder.headers);
        this.ownsClient = builder.httpClient == null;
        this.httpClient = ownsClient ? newClient(builder.connectTimeout) : builder.httpClient;
        JsonMapper mapper = JsonMapper.builder().build();
        this.writer = new RequestWriter(mapper, model, profile);
        this.exchange = new Exchange(httpClient, mapper, profile);
        this.keyOrigin = apiKey == null ? null : builder.keyOrigin();
    }

    private static CloseableHttpClient newClient(Duration connectTimeout) {
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(1024)
                        .setMaxConnPerRoute(1024)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .build())
                        .build())
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    /**
     * Returns a builder for any OpenAI-compatible server; base URL and model are required.
     *
     * @return a new builder
     * @throws IllegalStateException when the class path's jackson-annotations is too old for Jackson 3, naming it
     */
    public static Builder builder() {
        JacksonRequirement.check();
        return new Builder();
    }

    /**
     * {@return a model of Alibaba DashScope's OpenAI-compatible mode, keyed by {@code DASHSCOPE_API_KEY}}
     *
     * @param model the model id, such as {@code qwen-plus}
     */
    public static OpenAiCompatibleModel dashscope(String model) {
        return Provider.DASHSCOPE.builder().model(model).build();
    }

    /**
     * {@return a model of the RouterAI router, keyed by {@code ROUTERAI_API_KEY}}
     *
     * @param model the model id, such as {@code qwen/qwen3-coder-flash}
     */
    public static OpenAiCompatibleModel routerai(String model) {
        return Provider.ROUTERAI.builder().model(model).build();
    }

    /**
     * {@return a model of the wcode router, keyed by {@code WCODE_API_KEY}}
     *
     * @param model the model id, such as {@code qwen/qwen3-coder}
     */
    public static OpenAiCompatibleModel wcode(String model) {
        return Provider.WCODE.builder().model(model).build();
    }

    /**
     * {@return a model of OpenAI, keyed by {@code OPENAI_API_KEY}}
     *
     * @param model the model id, such as {@code gpt-4o-mini}
     */
    public static OpenAiCompatibleModel openai(String model) {
        return Provider.OPENAI.builder().model(model).build();
    }

    /** {@return the model id sent with every request} */
    public String model() {
        return model;
    }

    /** {@return the provider preset's name, such as {@code "dashscope"}; null for a plain base URL} */
    public String provider() {
        return provider;
    }

    /** {@return the URL requests are posted to: the base URL followed by {@code /chat/completions}} */
    public URI endpoint() {
        return endpoint;
    }

    /** {@return the context window and output limit of this model's profile} */
    @Override
    public Limits limits() {
        return new Limits(profile.contextWindow(), profile.maxOutputTokens());
    }

    /** Returns the base URL, without the {@code /chat/completions} that every request appends. */
    String baseUrl() {
        String path = endpoint.toString();
        return path.substring(0, path.length() - "/chat/completions".length());
    }

    /** {@return the profile that shapes this model's requests} */
    public ModelProfile profile() {
        return profile;
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        ModelResponse response = completeWithRetries(request);
        ToolChoice choice = request.settings().toolChoice();
        boolean mustCall = choice != null && (choice.mode() == ToolChoice.Mode.REQUIRED
                || choice.mode() == ToolChoice.Mode.TOOL);
        if (mustCall && !profile.accepts(choice) && !response.message().hasToolCalls()) {
            // The model could not be forced and did not call a tool: ask once more, plainly.
            LOG.log(System.Logger.Level.DEBUG, "model {0} ignored the tool instruction; asking again", model);
            List<Message> again = new ArrayList<>(request.messages());
            again.add(response.message());
            ModelResponse retried = completeWithRetries(new ModelRequest(again, request.tools(), request.settings(),
                    request.listener(), request.cancellation()));
            // Both replies were billed: the turn's usage counts every token of both.
            return new ModelResponse(retried.message(), retried.finishReason(), response.usage().plus(retried.usage()),
                    retried.model(), retried.id());
        }
        return response;
    }

    private ModelResponse completeWithRetries(ModelRequest request) {
        RequestWriter.Body written = writer.write(request, stream);
        HttpEntity body = new ByteArrayEntity(written.bytes(), 0, written.length(), ContentType.APPLICATION_JSON);
        String key = apiKey == null ? null : apiKey.get();
        ErrorParser errors = new ErrorParser(exchange.mapper(), key, baseUrl(), key == null ? null : keyOrigin);
        long deadline = System.nanoTime() + retryPolicy.deadline().toNanos();
        TextCalls.Context context = profile.textToolCalls() == ModelProfile.TextToolCalls.NONE ? TextCalls.Context.EMPTY
                : TextCalls.Context.of(request.messages(), request.tools());
        for (int attempt = 1; ; attempt++) {
            Exchange.Attempt call = new Exchange.Attempt(endpoint, body, key == null ? null : "Bearer " + key, headers, stream,
                    stream ? streamConfig : blockingConfig, request.listener(), errors, context);
            try (Cancellation.Registration abort = request.cancellation().onCancel(call::abort)) {
                LOG.log(System.Logger.Level.DEBUG, "POST {0} model={1} stream={2} attempt={3}", endpoint, model,
                        stream, attempt);
                return exchange.send(call);
            } catch (ModelException failure) {
                if (request.cancellation().isCancelled()) {
                    throw RetryPolicy.cancelled(failure);
                }
                Duration pause = retryPolicy.pauseAfter(attempt, failure instanceof RateLimitException limited
                        ? limited.retryAfter() : null);
                boolean retry = failure.isRetryable() && !call.delivered() && attempt < retryPolicy.maxAttempts()
                        && System.nanoTime() + pause.toNanos() < deadline;
                if (!retry) {
                    throw failure;
                }
                LOG.log(System.Logger.Level.DEBUG, "retrying in {0} ms after: {1}", pause.toMillis(),
                        failure.getMessage());
                RetryPolicy.await(pause, request.cancellation(), failure);
            }
        }
    }

    /** Closes the HTTP client if this model created it. */
    @Override
    public void close() {
        if (ownsClient) {
            httpClient.close(CloseMode.GRACEFUL);
        }
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleModel[" + (provider == null ? endpoint : provider) + ", model=" + model + ", profile="
                + profile.name() + ", stream=" + stream + "]";
    }

    /** Builds an {@link OpenAiCompatibleModel}, checking every setting in {@link #build()}; not thread-safe. */
    public static final class Builder {
        private String baseUrl;
        private String model;
        private String provider;
        private String apiKey;
        private Supplier<String> apiKeySupplier;
        private String apiKeyVariable;
        private boolean stream = true;
        private ModelProfile profile;
        private ModelProfiles profiles = ModelProfiles.standard();
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration responseTimeout = Duration.ofMinutes(5);
        private Duration idleTimeout = Duration.ofSeconds(90);
        private final Map<String, String> headers = new LinkedHashMap<>();
        private CloseableHttpClient httpClient;
        private Map<String, String> environment = System.getenv();

        Builder() {
        }

        /**
         * Sets the base URL, such as {@code https://dashscope.aliyuncs.com/compatible-mode/v1}; required.
         *
         * @param baseUrl the base URL
         * @return this builder
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /**
         * Sets the model id sent with every request, such as {@code qwen/qwen3-coder}; required.
         *
         * @param model the model id sent with every request
         * @return this builder
         */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /**
         * Names the provider, for logs, prices and errors; presets set it.
         *
         * @param provider the provider, for logs, prices and errors
         * @return this builder
         */
        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        /**
         * Sets the API key. Servers that need none (a local vLLM or Ollama) work without one.
         *
         * @param apiKey the API key
         * @return this builder
         */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /**
         * Sets where the API key comes from on each request, for keys that rotate.
         *
         * @param apiKey where the API key comes from on each request, for keys that rotate
         * @return this builder
         */
        public Builder apiKey(Supplier<String> apiKey) {
            this.apiKeySupplier = apiKey;
            return this;
        }

        /**
         * Reads the API key from an environment variable when the model is built; presets name one.
         *
         * @param variable the environment variable's name, such as {@code DASHSCOPE_API_KEY}
         * @return this builder
         */
        public Builder apiKeyFromEnv(String variable) {
            this.apiKeyVariable = variable;
            return this;
        }

        /**
         * Sets whether replies are streamed (SSE); on by default.
         *
         * @param stream whether replies are streamed
         * @return this builder
         */
        public Builder stream(boolean stream) {
            this.stream = stream;
            return this;
        }

        /**
         * Sets the profile, instead of the one chosen from the model id.
         *
         * @param profile the profile, instead of the one chosen from the model id
         * @return this builder
         */
        public Builder profile(ModelProfile profile) {
            this.profile = profile;
            return this;
        }

        /**
         * Sets the profiles the model's profile is chosen from, such as the standard ones with rules of your own.
         *
         * @param profiles the profiles the model's profile is chosen from
         * @return this builder
         */
        public Builder profiles(ModelProfiles profiles) {
            this.profiles = profiles;
            return this;
        }

        /**
         * Sets how failed requests are retried; {@link RetryPolicy#DEFAULT} by default.
         *
         * @param retryPolicy how failed requests are retried
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = retryPolicy;
            return this;
        }

        /**
         * Sets how long to wait for a connection; 10 seconds by default.
         *
         * @param timeout how long to wait for a connection
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Sets how long to wait for a whole reply when not streaming; 5 minutes by default.
         *
         * @param timeout how long to wait for a whole reply when not streaming
         * @return this builder
         */
        public Builder responseTimeout(Duration timeout) {
            this.responseTimeout = timeout;
            return this;
        }

        /**
         * Sets how long a stream may stay silent before it counts as stalled; 90 seconds by default.
         *
         * @param timeout how long a stream may stay silent before it counts as stalled
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * Adds a header sent with every request, such as {@code HTTP-Referer} for a router.
         *
         * @param name the header's name
         * @param value the header's value
         * @return this builder
         */
        public Builder header(String name, String value) {
            if (name == null || name.isBlank() || value == null) {
                throw new IllegalArgumentException("a header needs a name and a value");
            }
            if (name.equalsIgnoreCase("Authorization")) {
                throw new IllegalArgumentException("set the key with apiKey(...), not as a header, so it stays secret");
            }
            headers.put(name, value);
            return this;
        }

        /**
         * Shares an HTTP client, for example one pool for several models; the model leaves it open. Its
         * connect timeout applies instead of {@link #connectTimeout(Duration)}.
         *
         * @param client the client to send requests with
         * @return this builder
         */
        public Builder httpClient(CloseableHttpClient client) {
            this.httpClient = client;
            return this;
        }

        /**
         * Replaces the environment that {@link #apiKeyFromEnv(String)} reads, which is the process's by
         * default; for applications that keep configuration elsewhere, and for tests.
         *
         * @param environment the variables to read instead of the process's
         * @return this builder
         */
        public Builder environment(Map<String, String> environment) {
            if (environment == null) {
                throw new IllegalArgumentException("environment must not be null");
            }
            this.environment = Map.copyOf(environment);
            return this;
        }

        Map<String, String> environment() {
            return environment;
        }

        /**
         * {@return the model}
         *
         * @throws IllegalArgumentException when a setting is missing or invalid, or the key's environment
         *     variable is not set, saying what to do
         */
        public OpenAiCompatibleModel build() {
            JacksonRequirement.check();
            if (baseUrl == null || baseUrl.isBlank()) {
                throw new IllegalArgumentException("set baseUrl(...), e.g. http://localhost:8000/v1, or use a preset "
                        + "such as OpenAiCompatibleModel.dashscope(model)");
            }
            URI uri;
            try {
                uri = URI.create(baseUrl.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("baseUrl is not a URL: " + baseUrl, e);
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("baseUrl must be an http or https URL with a host, was " + baseUrl);
            }
            baseUrl = baseUrl.strip();
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("set model(...), the model id the server knows, e.g. qwen-plus");
            }
            requirePositive(connectTimeout, "connectTimeout");
            requirePositive(responseTimeout, "responseTimeout");
            requirePositive(idleTimeout, "idleTimeout");
            if (retryPolicy == null || profiles == null) {
                throw new IllegalArgumentException("retryPolicy and profiles must not be null");
            }
            return new OpenAiCompatibleModel(this, keySource());
        }

        /** Says where the key comes from, in the order {@link #keySource()} picks it; never the key. */
        String keyOrigin() {
            if (apiKeySupplier != null) {
                return "apiKey(Supplier)";
            }
            if (apiKey != null) {
                return "apiKey(String)";
            }
            return apiKeyVariable == null ? null : "the environment variable " + apiKeyVariable;
        }

        private Supplier<String> keySource() {
            if (apiKeySupplier != null) {
                return apiKeySupplier;
            }
            if (apiKey != null) {
                if (apiKey.isBlank()) {
                    throw new IllegalArgumentException("the API key is blank");
                }
                String key = apiKey.strip();
                return () -> key;
            }
            if (apiKeyVariable != null) {
                String key = environment.get(apiKeyVariable);
                if (key == null || key.isBlank()) {
                    throw new IllegalArgumentException("the environment variable " + apiKeyVariable
                            + " is not set: set it to your " + (provider == null ? "" : provider + " ") + "API key");
                }
                String stripped = key.strip();
                return () -> stripped;
            }
            return null;
        }

        private static void requirePositive(Duration duration, String name) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, was " + duration);
            }
        }
    }
}
