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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
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
 */
final class ResponseReader {

    private static final class CallBuilder {
        String id = "";
        String name = "";
        final StringBuilder arguments = new StringBuilder();
        String wholeArguments;
        Map<String, JsonNode> extra;
    }

    /** One tool-call fragment of a chunk, as read. */
    private static final class Fragment {
        boolean hasIndex;
        int index;
        String id;
        String name;
        String arguments;
        String wholeArguments;
        Map<String, JsonNode> extra;
    }

    /** What one chunk holds, read before any of it is applied; reused from chunk to chunk. */
    private static final class Chunk {
        String id;
        String model;
        Usage usage;
        Usage choiceUsage;
        boolean hasChoice;
        String content;
        String reasoningContent;
        String reasoning;
        String refusal;
        String finish;
        Map<String, JsonNode> extra;
        final List<Fragment> fragmentList = new ArrayList<>(2);
        int fragments;

        void clear() {
            id = null;
            model = null;
            usage = null;
            choiceUsage = null;
            hasChoice = false;
            content = null;
            reasoningContent = null;
            reasoning = null;
            refusal = null;
            finish = null;
            extra = null;
            fragments = 0;
        }

        /** Returns a cleared fragment for the next tool-call fragment of the chunk. */
        Fragment fragment() {
            if (fragments == fragmentList.size()) {
                fragmentList.add(new Fragment());
            }
            Fragment fragment = fragmentList.get(fragments);
            fragment.hasIndex = false;
            fragment.index = 0;
            fragment.id = null;
            fragment.name = null;
            fragment.arguments = null;
            fragment.wholeArguments = null;
            fragment.extra = null;
            return fragment;
        }

        void extra(String field, JsonNode value) {
            if (extra == null) {
                extra = new LinkedHashMap<>();
            }
            extra.put(field, value);
        }
    }

    private static final byte[] ERROR = {'"', 'e', 'r', 'r', 'o', 'r', '"'};

    private final StreamListener listener;
    private final ModelProfile profile;
    private final ErrorParser errors;
    private final JsonMapper mapper;
    private final Chunk chunk = new Chunk();
    /** Whether this reads one whole completion rather than the chunks of a stream. */
    private final boolean whole;
    /** The content of a whole completion exactly as sent, which may be empty; null when it had none. */
    private String wholeText;
    private String wholeReasoning;
    private final StringBuilder text = new StringBuilder();
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

    ResponseReader(StreamListener listener, ModelProfile profile, ErrorParser errors, JsonMapper mapper) {
        this(listener, profile, errors, mapper, false);
    }

    private ResponseReader(StreamListener listener, ModelProfile profile, ErrorParser errors, JsonMapper mapper,
                            boolean whole) {
        this.listener = listener;
        this.profile = profile;
        this.errors = errors;
        this.mapper = mapper;
        this.whole = whole;
    }

    /**
     * Reads a whole {@code chat.completion} body, as a blocking request receives it, with the same streaming
     * parser: its {@code message} is taken as one delta holding everything, and no listener hears of it.
     */
    static ModelResponse readCompletion(byte[] body, ModelProfile profile, ErrorParser errors, JsonMapper mapper) {
        ResponseReader assembler = new ResponseReader(StreamListener.NONE, profile, errors, mapper, true);
        assembler.accept(body, 0, body.length);
        return assembler.finish();
    }

    /** Returns whether any text reached the listener, after which the request must not be retried. */
    boolean delivered() {
        return delivered;
    }

    /** Returns the text streamed so far. */
    String partialText() {
        return text.toString();
    }

    /**
     * Takes one chunk, the JSON data of one event, read with the streaming parser (no tree is built for the
     * common chunk); an error in it is thrown with the text streamed so far.
     */
    void accept(byte[] bytes, int offset, int length) {
        JsonNode tree = null;
        if (mentionsError(bytes, offset, length)) {
            tree = mapper.readTree(bytes, offset, length);
            if (tree.hasNonNull("error")) {
                throw errors.fromBody(200, tree, whole ? null : "the provider reported an error in the stream")
                        .withPartialText(whole ? null : text.toString());
            }
        }
        chunk.clear();
        try (JsonParser parser = mapper.createParser(bytes, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                if (whole) {
                    throw errors.fromBody(200, mapper.readTree(bytes, offset, length),
                            "the provider's response is not a JSON object");
                }
                return; // valid JSON but no chunk: nothing in it to take
            }
            readChunk(parser);
        }
        if (whole && !chunk.hasChoice) {
            throw errors.fromBody(200, mapper.readTree(bytes, offset, length),
                    "the provider's response holds no choices");
        }
        apply();
        if ("error".equals(chunk.finish)) {
            if (tree == null) {
                tree = mapper.readTree(bytes, offset, length);
            }
            throw errors.fromBody(200, tree.path("choices").path(0), whole
                    ? "the provider ended the response with an error" : "the provider ended the stream with an error")
                    .withPartialText(whole ? null : text.toString());
        }
    }

    private void readChunk(JsonParser parser) {
        for (String field = parser.nextName(); field != null; field = parser.nextName()) {
            JsonToken token = parser.nextToken();
            switch (field) {
                case "id" -> chunk.id = scalar(parser, token);
                case "model" -> chunk.model = scalar(parser, token);
                case "usage" -> chunk.usage = readUsage(parser, token);
                case "choices" -> {
                    if (token == JsonToken.START_ARRAY) {
                        readChoices(parser);
                    } else {
                        parser.skipChildren();
                    }
                }
                default -> parser.skipChildren();
            }
        }
    }

    private void readChoices(JsonParser parser) {
        boolean first = true;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            boolean isChoice = first && token == JsonToken.START_OBJECT;
            first = false;
            if (!isChoice) {
                parser.skipChildren();
                continue;
            }
            chunk.hasChoice = true;
            for (String field = parser.nextName(); field != null; field = parser.nextName()) {
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "delta", "message" -> {
                        if (value == JsonToken.START_OBJECT && field.equals(whole ? "message" : "delta")) {
                            readDelta(parser);
                        } else {
                            parser.skipChildren();
                        }
                    }
                    case "finish_reason" -> chunk.finish = scalar(parser, value);
                    case "usage" -> chunk.choiceUsage = readUsage(parser, value);
                    default -> parser.skipChildren();
                }
            }
        }
    }

    private void readDelta(JsonParser parser) {
        for (String field = parser.nextName(); field != null; field = parser.nextName()) {
            JsonToken token = parser.nextToken();
            switch (field) {
                case "content" -> chunk.content = scalar(parser, token);
                case "reasoning_content" -> chunk.reasoningContent = scalar(parser, token);
                case "reasoning" -> chunk.reasoning = scalar(parser, token);
                case "refusal" -> chunk.refusal = scalar(parser, token);
                case "tool_calls" -> {
                    if (token == JsonToken.START_ARRAY) {
                        int position = 0;
                        for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY;
                             element = parser.nextToken()) {
                            if (element == JsonToken.START_OBJECT) {
                                Fragment fragment = readFragment(parser);
                                if (whole) {
                                    // A whole message lists each call once: its place is its index.
                                    fragment.hasIndex = true;
                                    fragment.index = position;
                                }
                            } else {
                                parser.skipChildren();
                            }
                            position++;
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
                default -> {
                    if (ResponseParser.MESSAGE_FIELDS.contains(field) || token == JsonToken.VALUE_NULL) {
                        parser.skipChildren();
                    } else {
                        chunk.extra(field, parser.readValueAsTree());
                    }
                }
            }
        }
    }

    private Fragment readFragment(JsonParser parser) {
        Fragment fragment = chunk.fragment();
        for (String field = parser.nextName(); field != null; field = parser.nextName()) {
            JsonToken token = parser.nextToken();
            switch (field) {
                case "index" -> {
                    fragment.hasIndex = token == JsonToken.VALUE_NUMBER_INT;
                    fragment.index = fragment.hasIndex ? parser.getValueAsInt(0) : 0;
                }
                case "id" -> fragment.id = scalar(parser, token);
                case "type" -> parser.skipChildren();
                case "function" -> {
                    if (token == JsonToken.START_OBJECT) {
                        readFunction(parser, fragment);
                    } else {
                        parser.skipChildren();
                    }
                }
                default -> {
                    if (token == JsonToken.VALUE_NULL) {
                        continue;
                    }
                    if (fragment.extra == null) {
                        fragment.extra = new LinkedHashMap<>();
                    }
                    fragment.extra.put(field, parser.readValueAsTree());
                }
            }
        }
        chunk.fragments++;
        return fragment;
    }

    private static void readFunction(JsonParser parser, Fragment fragment) {
        for (String field = parser.nextName(); field != null; field = parser.nextName()) {
            JsonToken token = parser.nextToken();
            if (field.equals("name")) {
                fragment.name = scalar(parser, token);
            } else if (field.equals("arguments") && token == JsonToken.VALUE_STRING) {
                fragment.arguments = parser.getString();
            } else if (field.equals("arguments") && token != JsonToken.VALUE_NULL) {
                // Some servers send the arguments as a JSON object rather than a string holding one.
                fragment.wholeArguments = parser.<JsonNode>readValueAsTree().toString();
            } else {
                parser.skipChildren();
            }
        }
    }

    /** Returns the text of a scalar value, or null for null and for an object or array (skipped). */
    private static String scalar(JsonParser parser, JsonToken token) {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token.isScalarValue()) {
            return parser.getString();
        }
        parser.skipChildren();
        return null;
    }

    /**
     * Reads a {@code usage} object, with cached tokens from {@code prompt_tokens_details} or, as Moonshot
     * sends them, from the top of it; returns null for anything but an object.
     */
    private static Usage readUsage(JsonParser parser, JsonToken token) {
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        Long prompt = null;
        Long completion = null;
        Long cached = null;
        Long topCached = null;
        Long written = null;
        Long reasoningTokens = null;
        for (String field = parser.nextName(); field != null; field = parser.nextName()) {
            JsonToken value = parser.nextToken();
            switch (field) {
                case "prompt_tokens" -> prompt = number(parser, value);
                case "completion_tokens" -> completion = number(parser, value);
                case "cached_tokens" -> topCached = number(parser, value);
                case "prompt_tokens_details", "completion_tokens_details" -> {
                    if (value != JsonToken.START_OBJECT) {
                        parser.skipChildren();
                        continue;
                    }
                    for (String detail = parser.nextName(); detail != null; detail = parser.nextName()) {
                        JsonToken number = parser.nextToken();
                        switch (field + "." + detail) {
                            case "prompt_tokens_details.cached_tokens" -> cached = number(parser, number);
                            case "prompt_tokens_details.cache_write_tokens" -> written = number(parser, number);
                            case "completion_tokens_details.reasoning_tokens" -> reasoningTokens = number(parser, number);
                            default -> parser.skipChildren();
                        }
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return new Usage(prompt, completion, cached != null ? cached : topCached, written, reasoningTokens);
    }

    /** Returns a number as a long, or null for anything else (skipped). */
    private static Long number(JsonParser parser, JsonToken token) {
        if (token.isNumeric()) {
            return parser.getValueAsLong();
        }
        parser.skipChildren();
        return null;
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
            text.append(content);
            delivered = true;
            listener.onTextDelta(content);
        }
        String thought = chunk.reasoningContent != null ? chunk.reasoningContent : chunk.reasoning;
        if (thought != null && !thought.isEmpty()) {
            reasoning.append(thought);
            delivered = true;
            listener.onReasoningDelta(thought);
        }
        if (chunk.refusal != null) {
            refusal = refusal == null ? chunk.refusal : refusal + chunk.refusal;
        }
        for (int i = 0; i < chunk.fragments; i++) {
            acceptToolCall(chunk.fragmentList.get(i));
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

    private void acceptToolCall(Fragment fragment) {
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

    /** Whether the data holds the bytes {@code "error"}: a key or value that only an error chunk has. */
    private static boolean mentionsError(byte[] bytes, int offset, int length) {
        int last = offset + length - ERROR.length;
        outer:
        for (int i = offset; i <= last; i++) {
            for (int j = 0; j < ERROR.length; j++) {
                if (bytes[i + j] != ERROR[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
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
                    200, null, !delivered, null).withPartialText(text.toString());
        }
        List<ToolCall> toolCalls = new ArrayList<>(calls.size());
        for (CallBuilder call : calls) {
            String arguments = call.wholeArguments != null ? call.wholeArguments : call.arguments.toString();
            toolCalls.add(new ToolCall(call.id, call.name, arguments, call.extra == null ? Map.of() : call.extra));
        }
        AssistantMessage message = new AssistantMessage(whole ? wholeText : text.length() == 0 ? null : text.toString(),
                whole ? wholeReasoning : reasoning.length() == 0 ? null : reasoning.toString(), refusal, toolCalls,
                extra == null ? Map.of() : extra);
        return ResponseParser.finish(message, FinishReason.fromWire(finishReason), usage, model, id, profile);
    }
}
