package dev.corvid.openai;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes the tool-call arguments of a history fit to send back: DashScope rejects a request whose history
 * holds arguments that are not a JSON object, which models do write (single quotes, double encoding, cut
 * off). Thread-safe.
 */
final class HistoryArguments {

    private static final JsonMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    private final JsonMapper mapper;

    HistoryArguments(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Returns arguments as a JSON object string: as they are when valid, repaired when their meaning is
     * plain, {@code {}} otherwise. Some providers reject a history holding invalid arguments.
     */
    String valid(String arguments) {
        if (isJsonObject(arguments)) {
            return arguments;
        }
        try {
            JsonNode node = mapper.readTree(arguments);
            if (node != null && node.isString()) {
                // Double encoded: a JSON string that holds the object.
                JsonNode inner = LENIENT.readTree(node.stringValue());
                if (inner != null && inner.isObject()) {
                    return inner.toString();
                }
            }
        } catch (JacksonException strictFailure) {
            try {
                JsonNode node = LENIENT.readTree(arguments);
                if (node != null && node.isObject()) {
                    return node.toString();
                }
            } catch (JacksonException unrepairable) {
                // fall through to the empty object
            }
        }
        return "{}";
    }

    /** Returns whether the text is one JSON object and nothing else, checked without building a tree. */
    private boolean isJsonObject(String text) {
        try (JsonParser parser = mapper.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (JacksonException e) {
            return false;
        }
    }
}
