package dev.corvid.openai;

import dev.corvid.model.ChatModel;
import dev.corvid.model.JacksonRequirement;
import dev.corvid.model.Message;
import dev.corvid.model.ModelException;
import dev.corvid.model.ModelRequest;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ToolChoice;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

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

    private final String model;
    private final String provider;
    private final boolean stream;
    private final ModelProfile profile;
    private final CloseableHttpClient httpClient;
    private final boolean ownsClient;
    private final Endpoint endpoint;

    private OpenAiCompatibleModel(Builder builder, ApiKey apiKey) {
        this.model = builder.model;
        this.provider = builder.provider;
        this.stream = builder.stream;
        this.profile = builder.profile != null ? builder.profile : builder.profiles.forModel(builder.model);
        this.ownsClient = builder.httpClient == null;
        this.httpClient = ownsClient ? Exchange.pooledClient(builder.connectTimeout) : builder.httpClient;
        String base = builder.baseUrl.endsWith("/") ? builder.baseUrl.substring(0, builder.baseUrl.length() - 1)
                : builder.baseUrl;
        // The model's stream setting never changes, so only one of the two timeouts ever applies.
        Duration timeout = stream ? builder.idleTimeout : builder.responseTimeout;
        this.endpoint = new Endpoint(base, model, stream, profile, builder.retryPolicy,
                RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build(), builder.headers, apiKey,
                httpClient);
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
        return endpoint.uri();
    }

    /** {@return the context window and output limit of this model's profile} */
    @Override
    public Limits limits() {
        return new Limits(profile.contextWindow(), profile.maxOutputTokens());
    }

    /** {@return the profile that shapes this model's requests} */
    public ModelProfile profile() {
        return profile;
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        ModelResponse response = endpoint.complete(request);
        ToolChoice choice = request.settings().toolChoice();
        boolean mustCall = choice != null && (choice.mode() == ToolChoice.Mode.REQUIRED
                || choice.mode() == ToolChoice.Mode.TOOL);
        if (mustCall && !profile.accepts(choice) && !response.message().hasToolCalls()) {
            // The model could not be forced and did not call a tool: ask once more, plainly.
            LOG.log(System.Logger.Level.DEBUG, "model {0} ignored the tool instruction; asking again", model);
            List<Message> again = new ArrayList<>(request.messages());
            again.add(response.message());
            ModelResponse retried = endpoint.complete(new ModelRequest(again, request.tools(), request.settings(),
                    request.listener(), request.cancellation()));
            // Both replies were billed: the turn's usage counts every token of both.
            return new ModelResponse(retried.message(), retried.finishReason(), response.usage().plus(retried.usage()),
                    retried.model(), retried.id());
        }
        return response;
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
        return "OpenAiCompatibleModel[" + (provider == null ? endpoint.uri() : provider) + ", model=" + model
                + ", profile=" + profile.name() + ", stream=" + stream + "]";
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
            return new OpenAiCompatibleModel(this, ApiKey.of(apiKeySupplier, apiKey, apiKeyVariable, environment,
                    provider));
        }

        private static void requirePositive(Duration duration, String name) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, was " + duration);
            }
        }
    }
}
