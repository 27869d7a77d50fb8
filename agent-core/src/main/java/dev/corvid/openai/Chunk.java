package dev.corvid.openai;

import dev.corvid.model.Usage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * What one chunk of a streamed response holds - or a whole {@code chat.completion}, whose {@code message}
 * is read like a delta - as Jackson's streaming parser reads it: no tree is built except for fields Corvid
 * does not model, which are kept. Reused from chunk to chunk of one response; not thread-safe.
 */
final class Chunk {

    /** One tool-call fragment of a chunk, as read. */
    static final class Fragment {
        boolean hasIndex;
        int index;
        String id;
        String name;
        String arguments;
        String wholeArguments;
        Map<String, JsonNode> extra;
    }

    /** Whether this reads whole completions ({@code message}) rather than stream chunks ({@code delta}). */
    private final boolean whole;
    private final List<Fragment> fragmentList = new ArrayList<>(2);

    /** The chunk's {@code id}, or null. */
    String id;
    /** The chunk's {@code model}, or null. */
    String model;
    /** The usage at the top of the chunk, or null. */
    Usage usage;
    /** The usage inside the choice, where Moonshot puts it, or null. */
    Usage choiceUsage;
    /** Whether the chunk has a top-level {@code error} that is not null: the whole chunk is an error. */
    boolean error;
    /** Whether the chunk has a first choice; everything below is read from it. */
    boolean hasChoice;
    String content;
    String reasoningContent;
    String reasoning;
    String refusal;
    String finish;
    /** The delta's fields that Corvid does not model, or null when there are none. */
    Map<String, JsonNode> extra;
    /** How many of {@link #fragment(int)} this chunk holds. */
    int fragments;

    Chunk(boolean whole) {
        this.whole = whole;
    }

    /**
     * Reads one chunk into this, which forgets the previous one.
     *
     * @return false when the JSON is not an object, which leaves nothing to read
     */
    boolean read(JsonParser parser) {
        id = null;
        model = null;
        usage = null;
        choiceUsage = null;
        error = false;
        hasChoice = false;
        content = null;
        reasoningContent = null;
        reasoning = null;
        refusal = null;
        finish = null;
        extra = null;
        fragments = 0;
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return false;
        }
        readChunk(parser);
        return true;
    }

    /** Returns the chunk's tool-call fragment at a position below {@link #fragments}. */
    Fragment fragment(int position) {
        return fragmentList.get(position);
    }

    /** Returns a cleared fragment for the next tool-call fragment of the chunk. */
    private Fragment nextFragment() {
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

    private void extra(String field, JsonNode value) {
        if (extra == null) {
            extra = new LinkedHashMap<>();
        }
        extra.put(field, value);
    }

    private void readChunk(JsonParser parser) {
        for (String field = parser.nextName(); field != null; field = parser.nextName()) {
            JsonToken token = parser.nextToken();
            switch (field) {
                case "id" -> id = scalar(parser, token);
                case "model" -> model = scalar(parser, token);
                case "usage" -> usage = readUsage(parser, token);
                case "error" -> {
                    error = token != JsonToken.VALUE_NULL;
                    parser.skipChildren();
                }
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
            hasChoice = true;
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
                    case "finish_reason" -> finish = scalar(parser, value);
                    case "usage" -> choiceUsage = readUsage(parser, value);
                    default -> parser.skipChildren();
                }
            }
        }
    }

    private void readDelta(JsonParser parser) {
        for (String field = parser.nextName(); field != null; field = parser.nextName()) {
            JsonToken token = parser.nextToken();
            switch (field) {
                case "content" -> content = scalar(parser, token);
                case "reasoning_content" -> reasoningContent = scalar(parser, token);
                case "reasoning" -> reasoning = scalar(parser, token);
                case "refusal" -> refusal = scalar(parser, token);
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
                        extra(field, parser.readValueAsTree());
                    }
                }
            }
        }
    }

    private Fragment readFragment(JsonParser parser) {
        Fragment fragment = nextFragment();
        for (String field = parser.nextName(); field != null; field = parser.nextName()) {
            JsonToken token = parser.nextToken();
            switch (field) {
                case "index" -> {
                    fragment.hasIndex = token == JsonToken.VALUE_NUMBER_INT;
                    fragment.index = fragment.hasIndex ? parser.getValueAsInt(0) : 0;
                    parser.skipChildren(); // an index that is an object or array is no index
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
        fragments++;
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
     * sends them, from the top of it, or DeepSeek's {@code prompt_cache_hit_tokens}; returns null for
     * anything but an object.
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
                case "cached_tokens", "prompt_cache_hit_tokens" -> topCached = number(parser, value);
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
}
