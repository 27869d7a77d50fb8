package dev.corvid.testing;

import com.sun.net.httpserver.HttpExchange;
import dev.corvid.model.AssistantMessage;
import dev.corvid.model.ToolCall;
import dev.corvid.model.Usage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One scripted answer of the {@link FakeOpenAiServer}: a status, headers and a body sent whole or in
 * pieces, optionally late, stalled or broken off. Immutable: every method returns a new reply.
 */
public final class Reply {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int status;
    private final String contentType;
    private final List<byte[]> pieces;
    private final Map<String, String> headers;
    private final Duration delay;
    private final Duration pause;
    private final Duration stall;
    private final boolean reset;

    private Reply(int status, String contentType, List<byte[]> pieces, Map<String, String> headers, Duration delay,
                  Duration pause, Duration stall, boolean reset) {
        this.status = status;
        this.contentType = contentType;
        this.pieces = List.copyOf(pieces);
        this.headers = Map.copyOf(headers);
        this.delay = delay;
        this.pause = pause;
        this.stall = stall;
        this.reset = reset;
    }

    /**
     * {@return a 200 reply with a JSON body}
     *
     * @param body the JSON body
     */
    public static Reply json(String body) {
        return json(200, body);
    }

    /**
     * {@return a reply with a status and a JSON body, such as an error}
     *
     * @param status the HTTP status
     * @param body the JSON body
     */
    public static Reply json(int status, String body) {
        return new Reply(status, "application/json", List.of(body.getBytes(StandardCharsets.UTF_8)), Map.of(), Duration.ZERO, Duration.ZERO,
                Duration.ZERO, false);
    }

    /**
     * {@return an SSE reply: each payload becomes one {@code data:} event, followed by {@code [DONE]}}
     *
     * @param payloads the JSON data of each event
     */
    public static Reply sse(String... payloads) {
        List<String> events = new ArrayList<>();
        for (String payload : payloads) {
            events.add("data: " + payload + "\n\n");
        }
        events.add("data: [DONE]\n\n");
        return raw("text/event-stream", events);
    }

    /**
     * {@return a 200 reply written exactly in these pieces (as UTF-8), each flushed on its own}
     *
     * @param contentType the {@code Content-Type} header
     * @param pieces the body, in the pieces to write
     */
    public static Reply raw(String contentType, List<String> pieces) {
        List<byte[]> bytes = new ArrayList<>(pieces.size());
        pieces.forEach(piece -> bytes.add(piece.getBytes(StandardCharsets.UTF_8)));
        return rawBytes(contentType, bytes);
    }

    /**
     * {@return a 200 reply written exactly in these byte pieces, which may split a character; each is flushed}
     *
     * @param contentType the {@code Content-Type} header
     * @param pieces the body, in the pieces to write
     */
    public static Reply rawBytes(String contentType, List<byte[]> pieces) {
        List<byte[]> copies = new ArrayList<>(pieces.size());
        pieces.forEach(piece -> copies.add(piece.clone()));
        return new Reply(200, contentType, copies, Map.of(), Duration.ZERO, Duration.ZERO, Duration.ZERO, false);
    }

    /**
     * {@return a {@code chat.completion} body holding the message, with 10 prompt and 5 completion tokens}
     *
     * @param message the assistant message to send
     */
    public static Reply completion(AssistantMessage message) {
        return completion(message, Usage.of(10, 5));
    }

    /**
     * {@return a {@code chat.completion} body holding the message and the usage}
     *
     * @param message the assistant message to send
     * @param usage the tokens to report
     */
    public static Reply completion(AssistantMessage message, Usage usage) {
        ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-fake").put("object", "chat.completion")
                .put("created", 1_700_000_000L).put("model", "fake-model");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0)
                .put("finish_reason", message.hasToolCalls() ? "tool_calls" : "stop");
        ObjectNode wire = choice.putObject("message").put("role", "assistant");
        wire.put("content", message.text());
        if (message.reasoning() != null) {
            wire.put("reasoning_content", message.reasoning());
        }
        if (message.hasToolCalls()) {
            ArrayNode calls = wire.putArray("tool_calls");
            for (ToolCall call : message.toolCalls()) {
                ObjectNode node = calls.addObject().put("id", call.id()).put("type", "function");
                node.putObject("function").put("name", call.name()).put("arguments", call.arguments());
            }
        }
        usage(body, usage);
        return json(body.toString());
    }

    /**
     * {@return a handler for {@link FakeOpenAiServer#otherwise} that plays one tool round trip: while the last
     * message of a request is not a tool result it asks for a call of the tool, and once it is it answers
     * {@code answerPrefix} followed by what the tool returned; streamed when the request asks for a stream}
     *
     * <pre>{@code
     * server.otherwise(Reply.toolRoundTrip("temperature", "{\"city\": \"Paris\"}", "The tool said "));
     * // the agent's answer: "The tool said 21.5"
     * }</pre>
     *
     * @param tool the name of the tool to call
     * @param arguments the call's arguments, a JSON object
     * @param answerPrefix the text the answer starts with, before the tool's result
     */
    public static Function<RecordedRequest, Reply> toolRoundTrip(String tool, String arguments, String answerPrefix) {
        return request -> {
            JsonNode messages = request.json().path("messages");
            JsonNode last = messages.path(messages.size() - 1);
            AssistantMessage reply = last.path("role").asString().equals("tool")
                    ? AssistantMessage.of(answerPrefix + last.path("content").asString())
                    : AssistantMessage.ofToolCalls(List.of(ToolCall.of("call_1", tool, arguments)));
            return request.json().path("stream").asBoolean() ? stream(reply) : completion(reply);
        };
    }

    /**
     * {@return the message as an SSE stream the way servers send it: text in several pieces, each tool call
     * opened with its id and name and its arguments split in pieces, the finish reason, then the usage in a
     * last chunk with no choices}
     *
     * @param message the assistant message to stream
     */
    public static Reply stream(AssistantMessage message) {
        List<String> chunks = new ArrayList<>();
        chunks.add(chunk(delta -> delta.put("role", "assistant").put("content", ""), null));
        if (message.reasoning() != null) {
            for (String piece : split(message.reasoning(), 3)) {
                chunks.add(chunk(delta -> delta.put("reasoning_content", piece), null));
            }
        }
        if (message.text() != null) {
            for (String piece : split(message.text(), 3)) {
                chunks.add(chunk(delta -> delta.put("content", piece), null));
            }
        }
        for (int index = 0; index < message.toolCalls().size(); index++) {
            ToolCall call = message.toolCalls().get(index);
            int position = index;
            chunks.add(chunk(delta -> {
                ObjectNode fragment = delta.putArray("tool_calls").addObject().put("index", position)
                        .put("id", call.id()).put("type", "function");
                fragment.putObject("function").put("name", call.name()).put("arguments", "");
            }, null));
            for (String piece : split(call.arguments(), 3)) {
                chunks.add(chunk(delta -> delta.putArray("tool_calls").addObject().put("index", position)
                        .putObject("function").put("arguments", piece), null));
            }
        }
        chunks.add(chunk(delta -> { }, message.hasToolCalls() ? "tool_calls" : "stop"));
        ObjectNode usageChunk = JSON.createObjectNode().put("id", "chatcmpl-fake").put("object", "chat.completion.chunk")
                .put("model", "fake-model");
        usageChunk.putArray("choices");
        usage(usageChunk, Usage.of(10, 5));
        chunks.add(usageChunk.toString());
        return sse(chunks.toArray(new String[0]));
    }

    private static String chunk(java.util.function.Consumer<ObjectNode> fill, String finishReason) {
        ObjectNode chunk = JSON.createObjectNode().put("id", "chatcmpl-fake").put("object", "chat.completion.chunk")
                .put("created", 1_700_000_000L).put("model", "fake-model");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        fill.accept(choice.putObject("delta"));
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk.toString();
    }

    private static void usage(ObjectNode body, Usage usage) {
        if (usage.isKnown()) {
            ObjectNode node = body.putObject("usage").put("prompt_tokens", usage.promptTokens())
                    .put("completion_tokens", usage.completionTokens()).put("total_tokens", usage.totalTokens());
            if (usage.cachedTokens() != null || usage.cacheWriteTokens() != null) {
                // The shape of OpenAI's prompt cache report, which the compatible servers copy.
                ObjectNode details = node.putObject("prompt_tokens_details");
                if (usage.cachedTokens() != null) {
                    details.put("cached_tokens", usage.cachedTokens());
                }
                if (usage.cacheWriteTokens() != null) {
                    details.put("cache_write_tokens", usage.cacheWriteTokens());
                }
            }
        }
    }

    private static List<String> split(String text, int parts) {
        List<String> pieces = new ArrayList<>();
        int size = Math.max(1, (text.length() + parts - 1) / parts);
        for (int start = 0; start < text.length(); start += size) {
            pieces.add(text.substring(start, Math.min(text.length(), start + size)));
        }
        return pieces;
    }

    /**
     * {@return this reply with another status}
     *
     * @param code the HTTP status
     */
    public Reply status(int code) {
        return new Reply(code, contentType, pieces, headers, delay, pause, stall, reset);
    }

    /**
     * {@return this reply with a header added, such as {@code Retry-After} or {@code x-request-id}}
     *
     * @param name the header's name
     * @param value the header's value
     */
    public Reply header(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, contentType, pieces, more, delay, pause, stall, reset);
    }

    /**
     * {@return this reply sent only after a delay}
     *
     * @param before how long to wait before answering
     */
    public Reply delay(Duration before) {
        return new Reply(status, contentType, pieces, headers, before, pause, stall, reset);
    }

    /**
     * {@return this reply with a pause between its pieces}
     *
     * @param between how long to wait between two pieces
     */
    public Reply pauseBetweenPieces(Duration between) {
        return new Reply(status, contentType, pieces, headers, delay, between, stall, reset);
    }

    /**
     * {@return this reply that, after its pieces, keeps the connection open and silent for a while}
     *
     * @param silence how long to stay silent before closing
     */
    public Reply thenStall(Duration silence) {
        return new Reply(status, contentType, pieces, headers, delay, pause, silence, reset);
    }

    /** {@return this reply that, after its pieces, breaks the connection off without ending the body} */
    public Reply thenReset() {
        return new Reply(status, contentType, pieces, headers, delay, pause, stall, true);
    }

    void send(HttpExchange exchange) throws IOException {
        FakeOpenAiServer.sleep(delay);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        boolean whole = pieces.size() == 1 && stall.isZero() && !reset;
        byte[] single = whole ? pieces.get(0) : null;
        exchange.sendResponseHeaders(status, whole ? single.length : 0);
        OutputStream out = exchange.getResponseBody();
        if (whole) {
            out.write(single);
            out.close();
            return;
        }
        for (int i = 0; i < pieces.size(); i++) {
            if (i > 0) {
                FakeOpenAiServer.sleep(pause);
            }
            out.write(pieces.get(i));
            out.flush();
        }
        FakeOpenAiServer.sleep(stall);
        if (reset) {
            // Throwing makes the server drop the connection without the final chunk: a broken stream.
            throw new IOException("connection reset by the fake server, as scripted");
        }
        out.close();
    }
}
