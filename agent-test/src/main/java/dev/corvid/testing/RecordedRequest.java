package dev.corvid.testing;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request the {@link FakeOpenAiServer} received.
 *
 * @param method the HTTP method
 * @param path the request path, such as {@code /v1/chat/completions}
 * @param headers the headers, names in lower case
 * @param body the body as text
 * @param receivedAtNanos when it arrived, by {@link System#nanoTime()}
 */
public record RecordedRequest(String method, String path, Map<String, String> headers, String body,
                              long receivedAtNanos) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Copies the headers.
     *
     * @param method the HTTP method
     * @param path the request path, such as {@code /v1/chat/completions}
     * @param headers the headers, names in lower case
     * @param body the body as text
     * @param receivedAtNanos when it arrived, by {@link System#nanoTime()}
     */
    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** {@return the body parsed as JSON} */
    public JsonNode json() {
        return JSON.readTree(body);
    }

    /**
     * {@return a header's value, or null; the name is matched ignoring case}
     *
     * @param name the header's name, in any case
     */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
