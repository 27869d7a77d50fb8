package dev.corvid.openai;

import dev.corvid.model.ModelException;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ModelTimeoutException;
import dev.corvid.model.StreamListener;
import dev.corvid.model.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One HTTP exchange with the server: sends a request body, reads a JSON or SSE response, and turns every
 * transport failure into a {@link ModelException}. Thread-safe; each {@link Attempt} is one request.
 */
final class Exchange {

    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final int MAX_EXACT_BODY = 64 * 1024 * 1024;
    private static final String[] REQUEST_ID_HEADERS = {"x-request-id", "request-id", "x-dashscope-request-id",
        "openai-request-id", "x-amzn-requestid"};

    /** One request in flight: what to send, and the handle to abort it from another thread. */
    static final class Attempt {
        final HttpPost post;
        final boolean stream;
        final StreamListener listener;
        final ErrorParser errors;
        /** What the request tells the parsers of text-format tool calls. */
        final TextCalls.Context context;
        private volatile boolean delivered;

        Attempt(URI endpoint, HttpEntity body, String authorization, Map<String, String> headers, boolean stream,
                RequestConfig config, StreamListener listener, ErrorParser errors, TextCalls.Context context) {
            this.post = new HttpPost(endpoint);
            this.stream = stream;
            this.listener = listener;
            this.errors = errors;
            this.context = context;
            post.setEntity(body);
            post.setHeader("Accept", stream ? "text/event-stream" : "application/json");
            if (authorization != null) {
                post.setHeader("Authorization", authorization);
            }
            headers.forEach(post::setHeader);
            post.setConfig(config);
        }

        /** Aborts the request: a blocked connect or read ends at once. */
        void abort() {
            post.cancel();
        }

        /** Returns whether any of the response reached the listener, which rules out a retry. */
        boolean delivered() {
            return delivered;
        }
    }

    private final CloseableHttpClient client;
    private final JsonMapper mapper;
    private final ModelProfile profile;

    Exchange(CloseableHttpClient client, JsonMapper mapper, ModelProfile profile) {
        this.client = client;
        this.mapper = mapper;
        this.profile = profile;
    }

    /**
     * Returns a client of its own for a model: pooled, for as many concurrent runs as there may be, and
     * without HttpClient's own retries, cookies and auth caching, which the model's retry policy and key replace.
     */
    static CloseableHttpClient pooledClient(Duration connectTimeout) {
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

    JsonMapper mapper() {
        return mapper;
    }

    ModelResponse send(Attempt attempt) {
        String requestId = null;
        ResponseReader reader = null;
        try (ClassicHttpResponse response = client.executeOpen(null, attempt.post, null)) {
            requestId = requestId(response);
            HttpEntity entity = response.getEntity();
            int status = response.getCode();
            if (status < 200 || status >= 300) {
                byte[] body = entity == null ? new byte[0] : entity.getContent().readNBytes(MAX_ERROR_BODY);
                Header retryAfter = response.getFirstHeader("Retry-After");
                throw attempt.errors.fromResponse(status, body, requestId,
                        retryAfter == null ? null : retryAfter.getValue());
            }
            if (entity == null) {
                throw new TransportException("the provider sent an empty response", status, requestId, true, null);
            }
            ContentType type = ContentType.parseLenient(entity.getContentType());
            boolean sse = type != null && "text/event-stream".equalsIgnoreCase(type.getMimeType());
            try (InputStream in = entity.getContent()) {
                if (!sse) {
                    // Some servers answer a streaming request with one JSON body; read it as such.
                    byte[] body = readBody(entity, in);
                    if (!looksLikeJson(body)) {
                        throw attempt.errors.notJson(status, entity.getContentType(), body, requestId);
                    }
                    return ResponseReader.readCompletion(body, profile, attempt.errors, mapper, attempt.context);
                }
                reader = new ResponseReader(attempt.listener, profile, attempt.errors, mapper, attempt.context);
                return readStream(in, reader, attempt);
            }
        } catch (ModelException e) {
            throw e;
        } catch (JacksonException e) {
            throw new TransportException("the provider sent malformed JSON: " + e.getOriginalMessage(), 200, requestId,
                    false, e).withPartialText(reader == null ? null : reader.partialText());
        } catch (ConnectTimeoutException e) {
            throw new ModelTimeoutException("could not connect to " + attempt.post.getAuthority() + " in time", 0,
                    requestId, e);
        } catch (SocketTimeoutException e) {
            String what = attempt.stream ? "the stream stalled: no data within the idle timeout"
                    : "no response within the response timeout";
            throw new ModelTimeoutException(what, 0, requestId, e)
                    .withPartialText(reader == null ? null : reader.partialText());
        } catch (InterruptedIOException e) {
            throw new ModelException("the model request was interrupted", false, e);
        } catch (IOException e) {
            boolean nothingDelivered = !attempt.delivered;
            throw new TransportException("the connection to the provider failed: " + describe(e), 0, requestId,
                    nothingDelivered, e)
                    .withPartialText(reader == null ? null : reader.partialText());
        }
    }

    /** Says in words what went wrong with the connection, for people who never saw the exception's class. */
    static String describe(IOException e) {
        String what;
        if (e instanceof java.net.UnknownHostException) {
            what = "the host name is unknown";
        } else if (e instanceof java.net.ConnectException) {
            what = "the connection was refused";
        } else if (e instanceof javax.net.ssl.SSLException) {
            what = "the secure (TLS) connection failed";
        } else if (e instanceof java.net.SocketException) {
            what = "the connection broke off";
        } else {
            what = "an input/output error";
        }
        String message = e.getMessage();
        // Some libraries put another exception's name in front of their message ("java.net.Foo: reason").
        message = message == null ? null : message.replaceAll("^(?:[a-z]\\w*\\.)+[A-Z]\\w*: ", "");
        return message == null || message.isBlank() ? what : what + " (" + message + ")";
    }

    /** Reads SSE events into the response reader until {@code [DONE]} or the end of the stream. */
    ModelResponse readStream(InputStream in, ResponseReader reader, Attempt attempt) throws IOException {
        SseReader events = new SseReader(in);
        while (events.next()) {
            if (isDone(events.bytes(), events.offset(), events.length())) {
                break;
            }
            reader.accept(events.bytes(), events.offset(), events.length());
            if (attempt != null) {
                attempt.delivered |= reader.delivered();
            }
        }
        return reader.finish();
    }

    private static boolean isDone(byte[] data, int offset, int length) {
        return length == 6 && data[offset] == '[' && data[offset + 1] == 'D' && data[offset + 2] == 'O'
                && data[offset + 3] == 'N' && data[offset + 4] == 'E' && data[offset + 5] == ']';
    }

    /**
     * Reads a whole body into one array of its {@code Content-Length} when the server sent one, rather than
     * through the 8 KiB buffer that {@code readAllBytes} allocates first.
     */
    private static byte[] readBody(HttpEntity entity, InputStream in) throws IOException {
        long length = entity.getContentLength();
        return length >= 0 && length <= MAX_EXACT_BODY ? in.readNBytes((int) length) : in.readAllBytes();
    }

    /** Whether a body starts as a JSON object or array would, after whitespace and a byte order mark. */
    private static boolean looksLikeJson(byte[] body) {
        int i = body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF
                ? 3 : 0;
        while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
            i++;
        }
        return i < body.length && (body[i] == '{' || body[i] == '[');
    }

    private static String requestId(ClassicHttpResponse response) {
        for (String name : REQUEST_ID_HEADERS) {
            Header header = response.getFirstHeader(name);
            if (header != null && !header.getValue().isBlank()) {
                return header.getValue();
            }
        }
        return null;
    }
}
