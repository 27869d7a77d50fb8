package dev.corvid.openai;

import dev.corvid.model.AssistantMessage;
import dev.corvid.model.FinishReason;
import dev.corvid.model.ModelException;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.StreamListener;
import dev.corvid.model.ToolCall;
import dev.corvid.model.TransportException;
import dev.corvid.model.Usage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a chat-completions response, streamed or whole, with Jackson's streaming parser: no tree is built
 * unless a field Corvid does not model has to be kept. A stream is assembled from its chunks: text and
 * reasoning (passed on to the listener as they arrive), tool calls from their fragments, the finish reason
 * and the usage. A whole {@code chat.completion} is read as one chunk whose {@code message} holds
 * everything. Not thread-safe: one per response.
 *
 * <p>Tool-call fragments are matched by {@code index} when the server sends one. Without an index, a new
 * non-empty id or, when ids are empty, a name opens a new call; anything else continues the open call.
 * Ids are never concatenated: servers that repeat the id in every chunk repeat the same id.
 *
 * <p>When the profile recovers tool calls written as text, the content and the reasoning each pass through a
 * {@link TextCalls} parser as they arrive: the listener hears only the text outside the markup (trimmed) and
 * each recovered call as soon as it is complete. A whole completion goes through the same parsers in one piece.
 */
final class ResponseReader {

    private static final class CallBuilder {
        String id = "";
        String name = "";
        final StringBuilder arguments = new StringBuilder();
        String wholeArguments;
        Map<String, JsonNode> extra;
    }

    private final StreamListener listener;
    private final ModelProfile profile;
    private final ErrorParser errors;
    private final JsonMapper mapper;
    private final Chunk chunk;
    /** Whether this reads one whole completion rather than the chunks of a stream. */
    private final boolean whole;
    private final StringBuilder text = new StringBuilder();
    /** The parsers of text-format calls in the content and in the reasoning; null when the profile has none. */
    private final TextCalls textCalls;
    private final TextCalls reasoningCalls;
    /** The calls both parsers recovered, in the order they were complete. */
    private final List<ToolCall> recovered = new ArrayList<>();
    private final StringBuilder reasoning = new StringBuilder();
    private final List<CallBuilder> calls = new ArrayList<>();
    private final Map<Integer, CallBuilder> callsByIndex = new HashMap<>();
    private Map<String, JsonNode> extra;
    private String refusal;
    private String finishReason;
    private Usage usage = Usage.UNKNOWN;
    private String id;
    private String model;
    private boolean delivered;
    /** The content of a whole completion exactly as sent, which may be empty; null when it had none. */
    private String wholeText;
    private String wholeReasoning;

    ResponseReader(StreamListener listener, ModelProfile profile, ErrorParser errors, JsonMapper mapper) {
        this(listener, profile, errors, mapper, TextCalls.Context.EMPTY, false);
    }

    ResponseReader(StreamListener listener, ModelProfile profile, ErrorParser errors, JsonMapper mapper,
                   TextCalls.Context context) {
        this(listener, profile, errors, mapper, context, false);
    }

    private ResponseReader(StreamListener listener, ModelProfile profile, ErrorParser errors, JsonMapper mapper,
                            TextCalls.Context context, boolean whole) {
        this.listener = listener;
        this.profile = profile;
        this.errors = errors;
        this.mapper = mapper;
        this.whole = whole;
        this.chunk = new Chunk(whole);
        if (profile.textToolCalls() == ModelProfile.TextToolCalls.NONE) {
            this.textCalls = null;
            this.reasoningCalls = null;
        } else {
            Set<String> replyIds = new HashSet<>();
            this.textCalls = TextCalls.of(profile.textToolCalls(), context, replyIds, sink(listener::onTextDelta));
            this.reasoningCalls = TextCalls.of(profile.textToolCalls(), context, replyIds,
                    sink(listener::onReasoningDelta));
        }
    }

    /** Returns where a parser of text-format calls puts what it finds: its text to {@code deltas}. */
    private TextCalls.Sink sink(Consumer<String> deltas) {
        return new TextCalls.Sink() {
            @Override
            public void text(String piece) {
                delivered = true;
                deltas.accept(piece);
            }

            @Override
            public void call(ToolCall call) {
                recovered.add(call);
                listener.onToolCall(call);
            }
        };
    }

    /**
     * Reads a whole {@code chat.completion} body, as a blocking request receives it, with the same streaming
     * parser: its {@code message} is taken as one delta holding everything, and no listener hears of it.
     */
    static ModelResponse readCompletion(byte[] body, ModelProfile profile, ErrorParser errors, JsonMapper mapper,
                                        TextCalls.Context context) {
        ResponseReader reader = new ResponseReader(StreamListener.NONE, profile, errors, mapper, context, true);
        reader.accept(body, 0, body.length);
        return reader.finish();
    }

    /** Returns whether any text reached the listener, after which the request must not be retried. */
    boolean delivered() {
        return delivered;
    }

    /** Returns the text streamed so far. */
    String partialText() {
        if (textCalls != null) {
            String shown = textCalls.text();
            return shown == null ? "" : shown;
        }
        return text.toString();
    }

    /** Takes one chunk, the JSON data of one event; an error in it is thrown with the text streamed so far. */
    void accept(byte[] bytes, int offset, int length) {
        try (JsonParser parser = mapper.createParser(bytes, offset, length)) {
            if (!chunk.read(parser)) {
                if (whole) {
                    throw errors.notACompletion(200, mapper.readTree(bytes, offset, length),
                            "the response is not a JSON object");
                }
                return; // valid JSON but no chunk: nothing in it to take
            }
        }
        // Only a failed chunk is read as a tree, so a successful stream never builds one.
        if (chunk.error) {
            throw errors.fromBody(200, mapper.readTree(bytes, offset, length),
                    whole ? null : "the provider reported an error in the stream")
                    .withPartialText(whole ? null : partialText());
        }
        if (whole && !chunk.hasChoice) {
            JsonNode body = mapper.readTree(bytes, offset, length);
            // DashScope's flat {"code", "message"} is an error sent with HTTP 200; anything else is no completion.
            if (body.hasNonNull("code") || body.hasNonNull("message")) {
                throw errors.fromBody(200, body, "the provider's response holds no choices");
            }
            throw errors.notACompletion(200, body, "the response holds no choices");
        }
        apply();
        if ("error".equals(chunk.finish)) {
            throw errors.fromBody(200, mapper.readTree(bytes, offset, length).path("choices").path(0), whole
                    ? "the provider ended the response with an error" : "the provider ended the stream with an error")
                    .withPartialText(whole ? null : partialText());
        }
    }

    /** Applies the chunk just read, in the order the tree-based reading always used. */
    private void apply() {
        if (id == null) {
            id = chunk.id;
            model = chunk.model;
        }
        // Usage comes at the top of a chunk, or inside its choice as Moonshot sends it.
        Usage chunkUsage = chunk.usage != null ? chunk.usage : chunk.choiceUsage;
        if (chunkUsage != null) {
            usage = chunkUsage;
        }
        if (!chunk.hasChoice) {
            return;
        }
        if (whole) {
            wholeText = chunk.content;
            wholeReasoning = chunk.reasoningContent != null ? chunk.reasoningContent : chunk.reasoning;
        }
        String content = chunk.content;
        if (content != null && !content.isEmpty()) {
            if (textCalls != null) {
                textCalls.feed(content);
            } else {
                text.append(content);
                delivered = true;
                listener.onTextDelta(content);
            }
        }
        String thought = chunk.reasoningContent != null ? chunk.reasoningContent : chunk.reasoning;
        if (thought != null && !thought.isEmpty()) {
            if (reasoningCalls != null) {
                reasoningCalls.feed(thought);
            } else {
                reasoning.append(thought);
                delivered = true;
                listener.onReasoningDelta(thought);
            }
        }
        if (chunk.refusal != null) {
            refusal = refusal == null ? chunk.refusal : refusal + chunk.refusal;
        }
        for (int i = 0; i < chunk.fragments; i++) {
            acceptToolCall(chunk.fragment(i));
        }
        if (chunk.extra != null) {
            if (extra == null) {
                extra = new LinkedHashMap<>();
            }
            extra.putAll(chunk.extra);
        }
        if (chunk.finish != null && !chunk.finish.equals("error")) {
            finishReason = chunk.finish;
        }
    }

    private void acceptToolCall(Chunk.Fragment fragment) {
        String fragmentId = fragment.id;
        String name = fragment.name;
        boolean hasId = fragmentId != null && !fragmentId.isEmpty();
        boolean hasName = name != null && !name.isEmpty();
        CallBuilder call;
        if (fragment.hasIndex) {
            int index = fragment.index;
            call = callsByIndex.get(index);
            // Some servers reuse index 0 for every parallel call: a different id means a different call.
            if (call == null || hasId && !call.id.isEmpty() && !call.id.equals(fragmentId)) {
                call = open();
                callsByIndex.put(index, call);
            }
        } else {
            call = calls.isEmpty() ? null : calls.get(calls.size() - 1);
            boolean newId = hasId && (call == null || !fragmentId.equals(call.id));
            boolean newName = !hasId && hasName && (call == null || !call.name.isEmpty());
            if (call == null || newId || newName) {
                call = open();
            }
        }
        if (hasId && call.id.isEmpty()) {
            call.id = fragmentId;
        }
        if (hasName && call.name.isEmpty()) {
            call.name = name;
        }
        if (fragment.arguments != null) {
            call.arguments.append(fragment.arguments);
        } else if (fragment.wholeArguments != null) {
            call.wholeArguments = fragment.wholeArguments;
        } else if (whole) {
            call.wholeArguments = "{}"; // a whole call without arguments takes none
        }
        if (fragment.extra != null) {
            if (call.extra == null) {
                call.extra = new LinkedHashMap<>();
            }
            call.extra.putAll(fragment.extra);
        }
    }

    private CallBuilder open() {
        CallBuilder call = new CallBuilder();
        calls.add(call);
        return call;
    }

    /**
     * Returns the assembled response.
     *
     * @throws ModelException when the stream ended without a finish reason, which means it broke off
     */
    ModelResponse finish() {
        if (finishReason == null && !whole) {
            throw new TransportException("the stream ended without a finish reason: the response is incomplete",
                    200, null, !delivered, null).withPartialText(partialText());
        }
        List<ToolCall> toolCalls = new ArrayList<>(calls.size());
        for (CallBuilder call : calls) {
            String arguments = call.wholeArguments != null ? call.wholeArguments : call.arguments.toString();
            toolCalls.add(new ToolCall(call.id, call.name, arguments, call.extra == null ? Map.of() : call.extra));
        }
        String finalText = whole ? wholeText : text.length() == 0 ? null : text.toString();
        String finalReasoning = whole ? wholeReasoning : reasoning.length() == 0 ? null : reasoning.toString();
        if (textCalls != null) {
            reasoningCalls.finish();
            textCalls.finish();
            toolCalls.addAll(recovered); // after any the server parsed itself, in the order they were complete
            finalText = textCalls.text();
            finalReasoning = reasoningCalls.text();
        }
        AssistantMessage message = new AssistantMessage(finalText, finalReasoning, refusal, toolCalls,
                extra == null ? Map.of() : extra);
        return ResponseParser.finish(message, FinishReason.fromWire(finishReason), usage, model, id, profile);
    }
}
