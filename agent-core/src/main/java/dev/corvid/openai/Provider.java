package dev.corvid.openai;

import java.util.Locale;

/**
 * The providers Corvid has presets for: each knows its base URL, the environment variable that
 * conventionally holds its key, and a model to start with.
 *
 * <p>A preset's base URL can be redirected with the environment variable {@code <NAME>_BASE_URL}
 * ({@code DASHSCOPE_BASE_URL}, ...), for a proxy or a regional endpoint.
 */
public enum Provider {
    /** RouterAI, a router billing in RUB; model ids look like {@code vendor/model[:variant]}. */
    ROUTERAI("routerai", "https://routerai.ru/api/v1", "ROUTERAI_API_KEY", "qwen/qwen3-coder-flash"),
    /** wcode, a router billing in CNY. */
    WCODE("wcode", "https://wcode.net/api/gpt/v1", "WCODE_API_KEY", "qwen/qwen3-coder"),
    /** Alibaba DashScope in its OpenAI-compatible mode, billing in CNY. */
    DASHSCOPE("dashscope", "https://dashscope.aliyuncs.com/compatible-mode/v1", "DASHSCOPE_API_KEY", "qwen-plus"),
    /** OpenAI. */
    OPENAI("openai", "https://api.openai.com/v1", "OPENAI_API_KEY", "gpt-4o-mini");

    private final String id;
    private final String baseUrl;
    private final String apiKeyVariable;
    private final String defaultModel;

    Provider(String id, String baseUrl, String apiKeyVariable, String defaultModel) {
        this.id = id;
        this.baseUrl = baseUrl;
        this.apiKeyVariable = apiKeyVariable;
        this.defaultModel = defaultModel;
    }

    /** {@return the provider's short name, as in price tables and on the command line: {@code dashscope}} */
    public String id() {
        return id;
    }

    /** {@return the documented base URL} */
    public String baseUrl() {
        return baseUrl;
    }

    /** {@return the environment variable that holds the key, such as {@code DASHSCOPE_API_KEY}} */
    public String apiKeyVariable() {
        return apiKeyVariable;
    }

    /** {@return the environment variable that redirects the base URL, such as {@code DASHSCOPE_BASE_URL}} */
    public String baseUrlVariable() {
        return name() + "_BASE_URL";
    }

    /** {@return a model to start with when none is chosen} */
    public String defaultModel() {
        return defaultModel;
    }

    /**
     * {@return the provider with the given short name}
     *
     * @param id the short name, such as {@code dashscope}
     * @throws IllegalArgumentException naming the providers there are
     */
    public static Provider named(String id) {
        for (Provider provider : values()) {
            if (provider.id.equals(id == null ? "" : id.toLowerCase(Locale.ROOT))) {
                return provider;
            }
        }
        throw new IllegalArgumentException("unknown provider '" + id + "'; the presets are routerai, wcode, dashscope "
                + "and openai, and builder().baseUrl(...) serves any other");
    }

    /**
     * Returns a builder set up for this provider: base URL, key variable and name; the model is still to set.
     *
     * @return a new builder for this provider
     */
    public OpenAiCompatibleModel.Builder builder() {
        return configure(OpenAiCompatibleModel.builder());
    }

    /**
     * Returns a builder set up for this provider that reads the key and the base URL from the given environment.
     *
     * @param environment the variables to read the key and the base URL from
     * @return a new builder for this provider
     */
    public OpenAiCompatibleModel.Builder builder(java.util.Map<String, String> environment) {
        return configure(OpenAiCompatibleModel.builder().environment(environment));
    }

    OpenAiCompatibleModel.Builder configure(OpenAiCompatibleModel.Builder builder) {
        String override = builder.environment().get(baseUrlVariable());
        return builder.baseUrl(override == null || override.isBlank() ? baseUrl : override)
                .provider(id)
                .apiKeyFromEnv(apiKeyVariable);
    }
}
