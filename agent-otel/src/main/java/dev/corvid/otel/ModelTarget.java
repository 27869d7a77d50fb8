package dev.corvid.otel;

import dev.corvid.model.ChatModel;
import dev.corvid.openai.OpenAiCompatibleModel;
import java.net.URI;

/**
 * What the telemetry knows of the model an agent talks to: the model id it requests, the provider, and
 * the server it reaches; each part is null when unknown.
 */
record ModelTarget(String requestModel, String provider, String serverAddress, Integer serverPort) {

    /** The provider name recorded when nothing better is known. */
    static final String UNKNOWN_PROVIDER = "unknown";

    /**
     * Learns what it can of a model: everything from an {@link OpenAiCompatibleModel}, nothing from others.
     *
     * <p>A preset's name is the provider ({@code openai}, {@code dashscope}, ...); a plain base URL speaks
     * OpenAI's API, which the conventions name {@code openai}.
     */
    static ModelTarget of(ChatModel model) {
        if (model instanceof OpenAiCompatibleModel openAi) {
            URI endpoint = openAi.endpoint();
            int port = endpoint.getPort() != -1 ? endpoint.getPort() : "https".equals(endpoint.getScheme()) ? 443 : 80;
            return new ModelTarget(openAi.model(), openAi.provider() == null ? "openai" : openAi.provider(),
                    endpoint.getHost(), port);
        }
        return new ModelTarget(null, null, null, null);
    }

    /** Returns this target with the given model id and provider where they are not null. */
    ModelTarget with(String model, String providerName) {
        return new ModelTarget(model != null ? model : requestModel, providerName != null ? providerName : provider,
                serverAddress, serverPort);
    }

    /** Returns the provider name to record: never null. */
    String providerName() {
        return provider == null ? UNKNOWN_PROVIDER : provider;
    }
}
