package dev.corvid.openai;

import dev.corvid.model.Cancellation;
import dev.corvid.model.ModelException;
import dev.corvid.model.ModelRequest;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.RateLimitException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chat-completions endpoint of one model: writes a request's body, posts it with the model's key and
 * headers, and sends it again while the {@link RetryPolicy} says a retry can help. Thread-safe.
 */
final class Endpoint {

    /** Logs under the public class's name, which is what applications configure. */
    private static final System.Logger LOG = System.getLogger(OpenAiCompatibleModel.class.getName());

    /** What a request sends to prove the key, and the parser that keeps the key out of its errors. */
    private record Credentials(String authorization, ErrorParser errors) {
    }

    private final URI uri;
    private final String model;
    private final boolean stream;
    private final ModelProfile profile;
    private final RetryPolicy retryPolicy;
    /** The timeouts of every request: the response timeout, or for a stream the idle timeout. */
    private final RequestConfig config;
    private final Map<String, String> headers;
    /** Null when no key is sent. */
    private final ApiKey key;
    /** The base URL, named in errors that point at the configuration. */
    private final String baseUrl;
    private final RequestWriter writer;
    private final Exchange exchange;
    /** The credentials of every request when the key does not rotate; null when it does. */
    private final Credentials fixed;

    /**
     * @param baseUrl the base URL without a trailing slash
     * @param key the key, null for none
     * @param client the client to send requests with
     */
    Endpoint(String baseUrl, String model, boolean stream, ModelProfile profile, RetryPolicy retryPolicy,
             RequestConfig config, Map<String, String> headers, ApiKey key, CloseableHttpClient client) {
        this.baseUrl = baseUrl;
        this.uri = URI.create(baseUrl + "/chat/completions");
        this.model = model;
        this.stream = stream;
        this.profile = profile;
        this.retryPolicy = retryPolicy;
        this.config = config;
        this.headers = Map.copyOf(headers);
        this.key = key;
        JsonMapper mapper = JsonMapper.builder().build();
        this.writer = new RequestWriter(mapper, model, profile);
        this.exchange = new Exchange(client, mapper, profile);
        this.fixed = key == null || !key.rotates() ? credentials(key == null ? null : key.value()) : null;
    }

    /** Returns the URL requests are posted to. */
    URI uri() {
        return uri;
    }

    /**
     * Sends the request, again after a pause while the failure is retryable, nothing reached the listener, and
     * the policy's attempts and deadline allow; cancellation ends the wait and the request at once.
     */
    ModelResponse complete(ModelRequest request) {
        RequestWriter.Body written = writer.write(request, stream);
        HttpEntity body = new ByteArrayEntity(written.bytes(), 0, written.length(), ContentType.APPLICATION_JSON);
        Credentials credentials = fixed != null ? fixed : credentials(key.value());
        long deadline = System.nanoTime() + retryPolicy.deadline().toNanos();
        TextCalls.Context context = profile.textToolCalls() == ModelProfile.TextToolCalls.NONE ? TextCalls.Context.EMPTY
                : TextCalls.Context.of(request.messages(), request.tools());
        for (int attempt = 1; ; attempt++) {
            Exchange.Attempt call = new Exchange.Attempt(uri, body, credentials.authorization(), headers, stream,
                    config, request.listener(), credentials.errors(), context);
            try (Cancellation.Registration abort = request.cancellation().onCancel(call::abort)) {
                if (LOG.isLoggable(System.Logger.Level.DEBUG)) { // no argument array, no boxing per request
                    LOG.log(System.Logger.Level.DEBUG, "POST {0} model={1} stream={2} attempt={3}", uri, model,
                            stream, attempt);
                }
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

    /** Returns the credentials for a key; a null key sends no Authorization header. */
    private Credentials credentials(String value) {
        return new Credentials(value == null ? null : "Bearer " + value,
                new ErrorParser(exchange.mapper(), value, baseUrl, value == null ? null : key.origin()));
    }
}
