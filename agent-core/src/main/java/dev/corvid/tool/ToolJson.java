package dev.corvid.tool;

import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON side of tool calls: parsing the model's arguments leniently, and turning results into text.
 */
final class ToolJson {

    /** Binds arguments: strict about unknown fields and nulls for primitives, lenient about case and scalars. */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    /** Parses what strict JSON refuses but whose meaning is plain: single quotes, bare names, trailing commas. */
    private static final JsonMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .build();

    private ToolJson() {
    }

    /**
     * Parses the model's arguments into an object. Accepts empty text (no arguments), a JSON string
     * holding the object (double encoding), and the relaxed syntax {@link #LENIENT} allows.
     *
     * @throws ArgumentsException saying what is wrong, for the model
     */
    static ObjectNode parseArguments(String text) {
        if (text == null || text.isBlank() || text.strip().equals("null")) {
            return MAPPER.createObjectNode();
        }
        JsonNode node = parse(text);
        if (node.isString()) {
            String inner = node.stringValue().strip();
            if (inner.isEmpty()) {
                return MAPPER.createObjectNode();
            }
            if (inner.startsWith("{")) {
                node = parse(inner);
            }
        }
        if (!node.isObject()) {
            throw new ArgumentsException("the arguments must be a JSON object such as {\"name\": value}, got: "
                    + abbreviate(text));
        }
        return (ObjectNode) node;
    }

    private static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JacksonException strictFailure) {
            try {
                return LENIENT.readTree(text);
            } catch (JacksonException e) {
                throw new ArgumentsException("the arguments are not valid JSON (" + e.getOriginalMessage()
                        + "); send a single JSON object with double-quoted names and strings. Got: "
                        + abbreviate(text));
            }
        }
    }

    /** Turns what a tool returned into the text the model reads. */
    static String resultText(Object value, boolean isVoid) {
        if (isVoid) {
            return "Done.";
        }
        if (value == null) {
            return "null";
        }
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        return MAPPER.writeValueAsString(value);
    }

    /** Returns the text, cut to a length that keeps error messages readable. */
    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " chars)";
    }

    /** The model's arguments could not be used; the message says why, for the model. */
    static final class ArgumentsException extends RuntimeException {
        ArgumentsException(String message) {
            super(message, null, false, false);
        }
    }
}
