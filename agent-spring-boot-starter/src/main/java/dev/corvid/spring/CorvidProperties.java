package dev.corvid.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code corvid.*} properties the starter builds its model and agent from.
 *
 * <p>Either {@code corvid.provider} names a preset (its base URL and key variable) or {@code corvid.base-url}
 * points at any OpenAI-compatible server; both together send a preset's requests through another URL.
 *
 * @param provider the preset: {@code routerai}, {@code wcode}, {@code dashscope} or {@code openai}
 * @param model the model id the server knows, such as {@code qwen-plus}; required
 * @param baseUrl the server's base URL, such as {@code http://localhost:8000/v1}; a preset's by default
 * @param apiKey the API key; by default the provider's key variable, such as {@code DASHSCOPE_API_KEY}
 * @param instructions the instructions sent as the system message of every run of the agent bean
 */
@ConfigurationProperties("corvid")
public record CorvidProperties(String provider, String model, String baseUrl, String apiKey, String instructions) {

    /** Returns the properties with the API key masked, so that logging them never shows it. */
    @Override
    public String toString() {
        return "CorvidProperties[provider=" + provider + ", model=" + model + ", baseUrl=" + baseUrl
                + ", apiKey=" + (apiKey == null ? "unset" : "***") + ", instructions=" + instructions + "]";
    }
}
