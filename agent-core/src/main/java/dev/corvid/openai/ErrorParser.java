package dev.corvid.openai;

import dev.corvid.model.AuthenticationException;
import dev.corvid.model.BadRequestException;
import dev.corvid.model.ContextLengthExceededException;
import dev.corvid.model.ModelException;
import dev.corvid.model.ModelTimeoutException;
import dev.corvid.model.RateLimitException;
import dev.corvid.model.ServerException;
import dev.corvid.model.TransportException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a provider's error (a status and a body in any of the shapes providers use) into the matching
 * {@link ModelException}, with the provider's code and message and the request id, and never the API key.
 *
 * <p>Shapes read: OpenAI and OpenRouter {@code {"error":{"code","message","metadata":{"raw"}}}}, DashScope
 * {@code {"error":{...},"request_id"}} and {@code {"code","message","request_id"}}, Gemini's array
 * {@code [{"error":{...}}]}, old vLLM {@code {"object":"error","message","code"}}, and plain text.
 */
final class ErrorParser {

    private static final int EXCERPT = 300;
    /** How much of a body that is not a chat completion the message quotes. */
    private static final int QUOTE = 200;

    /**
     * The ways providers say a request is longer than the context window, each with the limit as its
     * first group: vLLM and the routers ("This model's / This endpoint's maximum context length is N
     * tokens") and DashScope ("Range of input length should be [1, N]").
     */
    private static final Pattern[] TOO_LONG = {
            Pattern.compile("maximum context length is (\\d+) tokens", Pattern.CASE_INSENSITIVE),
            Pattern.compile("range of input length should be \\[1, ?(\\d+)\\]", Pattern.CASE_INSENSITIVE),
    };

    private final JsonMapper mapper;
    private final String secret;
    private final String baseUrl;
    private final String keySource;

    /** @param secret the API key to scrub from anything a server echoes back; null when there is none */
    ErrorParser(JsonMapper mapper, String secret) {
        this(mapper, secret, null, null);
    }

    /**
     * @param secret the API key to scrub from anything a server echoes back; null when there is none
     * @param baseUrl the base URL requests go to, named in messages that point at the configuration
     * @param keySource where the key came from, such as {@code "the environment variable DASHSCOPE_API_KEY"};
     *     never the key itself; null when no key is sent
     */
    ErrorParser(JsonMapper mapper, String secret, String baseUrl, String keySource) {
        this.mapper = mapper;
        this.secret = secret == null || secret.length() < 6 ? null : secret;
        this.baseUrl = baseUrl;
        this.keySource = keySource;
    }

    /**
     * The failure for a successful status whose body is not JSON, such as a web page: a base URL that points
     * at a site rather than at its API. Never retryable: the same URL gives the same page.
     */
    ModelException notJson(int status, String contentType, byte[] body, String requestId) {
        String text = new String(body, 0, Math.min(body.length, QUOTE * 4), StandardCharsets.UTF_8).strip();
        String advice = text.isEmpty() ? "an empty body" : "\"" + quote(scrub(text)) + "\". The base URL probably "
                + "points to a web page, not an API: use the API's base URL, which usually ends in /v1 (such as "
                + "https://api.openai.com/v1)";
        return new TransportException(server() + " answered HTTP " + status + " with "
                + (contentType == null || contentType.isBlank() ? "no content type" : contentType)
                + " instead of a JSON chat completion: " + advice, status, requestId, false, null);
    }

    /**
     * The failure for a successful JSON body that is neither a chat completion nor an error. Never retryable:
     * the server does not speak the protocol, and asking again would only repeat the answer.
     */
    ModelException notACompletion(int status, JsonNode body, String what) {
        return new ServerException(server() + " answered HTTP " + status + " with JSON that is not a chat completion ("
                + what + "): expected an object with \"choices\": [{\"message\": {...}}], as POST "
                + "/chat/completions returns, but got " + quote(scrub(body.toString()))
                + ". Check that the base URL is an OpenAI-compatible API (it usually ends in /v1)",
                status, null, null, null, false, null);
    }

    private String server() {
        return baseUrl == null ? "the server" : "the server at " + baseUrl;
    }

    /** Says, for a refused key, which key was sent and where: the variable or setting, never the value. */
    private String keyAdvice() {
        String where = baseUrl == null ? "the server" : baseUrl;
        if (keySource == null) {
            return "no API key was sent to " + where + ": set one with apiKey(...) or apiKeyFromEnv(...)";
        }
        return where + " refused the API key from " + keySource + ": check that it holds a valid key for this server";
    }

    /** Reads an error response: status, raw body and the request id and Retry-After headers. */
    ModelException fromResponse(int status, byte[] body, String headerRequestId, String retryAfterHeader) {
        JsonNode json = null;
        try {
            json = body.length == 0 ? null : mapper.readTree(body);
        } catch (JacksonException notJson) {
            // a proxy's HTML page or plain text: keep an excerpt below
        }
        if (json == null || !(json.isObject() || json.isArray())) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            return build(status, null, excerpt(text.isEmpty() ? "no body" : text), null, headerRequestId,
                    retryAfter(retryAfterHeader));
        }
        return fromJson(status, json, headerRequestId, retryAfter(retryAfterHeader), null);
    }

    /** Reads an error delivered inside a successful response or a stream event. */
    ModelException fromBody(int status, JsonNode body, String fallbackMessage) {
        return fromJson(status, body == null ? mapper.createObjectNode() : body, null, null, fallbackMessage);
    }

    private ModelException fromJson(int status, JsonNode json, String headerRequestId, Duration retryAfter,
                                    String fallbackMessage) {
        JsonNode root = json.isArray() && !json.isEmpty() ? json.get(0) : json;
        JsonNode error = root.get("error");
        JsonNode details = error != null && error.isObject() ? error : root;
        String code = firstText(details, "code", "type", "status");
        String message = error != null && error.isString() ? error.stringValue() : firstText(details, "message");
        String raw = ResponseParser.text(details.path("metadata"), "raw");
        if (raw != null && (message == null || !message.contains(raw))) {
            message = (message == null ? "" : message + ": ") + excerpt(raw);
        }
        String provider = ResponseParser.text(details.path("metadata"), "provider_name");
        if (provider != null && message != null) {
            message = message + " (from " + provider + ")";
        }
        if (message == null) {
            message = fallbackMessage != null ? fallbackMessage : excerpt(json.toString());
        }
        String requestId = headerRequestId != null ? headerRequestId : firstText(root, "request_id", "requestId", "id");
        int effectiveStatus = status;
        if (status == 200 && details.path("code").isIntegralNumber()) {
            // OpenRouter reports the upstream status as the code of an error sent with HTTP 200.
            effectiveStatus = details.path("code").asInt();
        }
        return build(effectiveStatus, code, message, status == 200 ? "HTTP 200 with an error" : null, requestId,
                retryAfter);
    }

    private ModelException build(int status, String code, String providerMessage, String context, String requestId,
                                 Duration retryAfter) {
        String cleanMessage = scrub(providerMessage);
        String cleanCode = scrub(code);
        String text = "provider error" + (status > 0 && status != 200 ? " " + status : "")
                + (cleanCode == null ? "" : " [" + cleanCode + "]") + ": " + cleanMessage
                + (context == null ? "" : " (" + context + ")")
                + (requestId == null ? "" : " (request id " + requestId + ")");
        String lowerCode = cleanCode == null ? "" : cleanCode.toLowerCase(Locale.ROOT);
        if (lowerCode.startsWith("throttling") || lowerCode.contains("rate_limit")) {
            return new RateLimitException(text, status, cleanCode, cleanMessage, requestId, retryAfter, true, null);
        }
        if (isModeration(lowerCode)) {
            return new BadRequestException(text, status, cleanCode, cleanMessage, requestId, false, null);
        }
        if (status >= 400 && status < 500 || status == 200) {
            ContextLengthExceededException tooLong = tooLong(text, status, cleanCode, lowerCode, cleanMessage, requestId);
            if (tooLong != null) {
                return tooLong;
            }
        }
        if (status == 401 || status == 403) {
            return new AuthenticationException(text + "; " + keyAdvice(), status, cleanCode, cleanMessage, requestId,
                    false, null);
        }
        if (status == 429) {
            boolean quotaSpent = lowerCode.contains("insufficient_quota") || lowerCode.contains("arrearage");
            return new RateLimitException(text, status, cleanCode, cleanMessage, requestId, retryAfter, !quotaSpent,
                    null);
        }
        if (status == 408) {
            return new ModelTimeoutException(text, status, requestId, null);
        }
        if (status >= 400 && status < 500) {
            return new BadRequestException(text, status, cleanCode, cleanMessage, requestId, false, null);
        }
        return new ServerException(text, status, cleanCode, cleanMessage, requestId, true, null);
    }

    /** Returns the typed failure when the provider says the request is too long; null otherwise. */
    private static ContextLengthExceededException tooLong(String text, int status, String code, String lowerCode,
                                                          String message, String requestId) {
        boolean byCode = lowerCode.contains("context_length_exceeded");
        if (message != null) {
            for (Pattern pattern : TOO_LONG) {
                Matcher matcher = pattern.matcher(message);
                if (matcher.find()) {
                    int limit;
                    try {
                        limit = Integer.parseInt(matcher.group(1));
                    } catch (NumberFormatException huge) {
                        limit = 0;
                    }
                    return new ContextLengthExceededException(text, status, code, message, requestId, limit);
                }
            }
        }
        return byCode ? new ContextLengthExceededException(text, status, code, message, requestId, 0) : null;
    }

    private static boolean isModeration(String code) {
        return code.contains("datainspectionfailed") || code.contains("data_inspection_failed")
                || code.contains("content_filter") || code.contains("content_policy") || code.contains("moderation");
    }

    /** Reads {@code Retry-After} as seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        try {
            return Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(value) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    /** Removes the API key from text a server sent back. */
    String scrub(String text) {
        return text == null || secret == null ? text : text.replace(secret, "***");
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            String value = ResponseParser.text(node, field);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static String quote(String text) {
        return oneLine(text, QUOTE);
    }

    private static String excerpt(String text) {
        return oneLine(text, EXCERPT);
    }

    /** Returns the text on one line, its whitespace runs made single spaces, cut to {@code limit} characters. */
    private static String oneLine(String text, int limit) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= limit ? oneLine : oneLine.substring(0, limit) + "...";
    }
}
