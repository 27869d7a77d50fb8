package dev.corvid.spring;

import dev.corvid.openai.OpenAiCompatibleModel;
import dev.corvid.openai.Provider;
import java.util.HashMap;
import java.util.Map;
import org.springframework.core.env.Environment;

/** Builds the model from {@code corvid.*} properties, failing with the property or variable to set. */
final class ModelFromProperties {

    /** The presets' names for messages: "routerai, wcode, dashscope or openai". */
    private static final String PROVIDERS = providerNames();

    private ModelFromProperties() {
    }

    static OpenAiCompatibleModel build(CorvidProperties properties, Environment environment) {
        Provider provider = provider(properties.provider());
        if (provider == null && blank(properties.baseUrl())) {
            throw new CorvidConfigurationException("Corvid needs a model server: set corvid.provider to " + PROVIDERS
                    + ", or corvid.base-url to the base URL of any OpenAI-compatible server");
        }
        if (blank(properties.model())) {
            throw new CorvidConfigurationException("set corvid.model to the model id the server knows"
                    + (provider == null ? ", such as qwen-plus" : ", such as " + provider.defaultModel()
                    + " for " + provider.id()));
        }
        OpenAiCompatibleModel.Builder builder;
        if (provider == null) {
            builder = OpenAiCompatibleModel.builder();
        } else {
            // Spring's environment holds the process's variables and application properties alike.
            Map<String, String> variables = new HashMap<>();
            copy(environment, provider.apiKeyVariable(), variables);
            copy(environment, provider.baseUrlVariable(), variables);
            if (blank(properties.apiKey()) && !variables.containsKey(provider.apiKeyVariable())) {
                throw new CorvidConfigurationException("Corvid has no API key for " + provider.id() + ": set corvid.api-key "
                        + "or the environment variable " + provider.apiKeyVariable());
            }
            builder = provider.builder(variables);
        }
        if (!blank(properties.baseUrl())) {
            builder.baseUrl(properties.baseUrl());
        }
        if (!blank(properties.apiKey())) {
            builder.apiKey(properties.apiKey());
        }
        try {
            return builder.model(properties.model().strip()).build();
        } catch (IllegalArgumentException e) {
            throw new CorvidConfigurationException("check the corvid.* properties: " + e.getMessage(), e);
        }
    }

    private static Provider provider(String name) {
        if (blank(name)) {
            return null;
        }
        try {
            return Provider.named(name.strip());
        } catch (IllegalArgumentException e) {
            throw new CorvidConfigurationException("corvid.provider is '" + name + "', which Corvid does not know: set it "
                    + "to " + PROVIDERS + ", or leave it out and set corvid.base-url", e);
        }
    }

    private static String providerNames() {
        Provider[] presets = Provider.values();
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < presets.length; i++) {
            names.append(i == 0 ? "" : i == presets.length - 1 ? " or " : ", ").append(presets[i].id());
        }
        return names.toString();
    }

    private static void copy(Environment environment, String variable, Map<String, String> into) {
        String value = environment.getProperty(variable);
        if (!blank(value)) {
            into.put(variable, value);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
