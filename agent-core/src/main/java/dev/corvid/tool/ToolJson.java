package dev.corvid.tool;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

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

    private ToolJson() {
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
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Boolean) {
            return value.toString(); // what Jackson writes for them, without a generator
        }
        return MAPPER.writeValueAsString(value);
    }

    /** Returns the text, cut to a length that keeps error messages readable. */
    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " chars)";
    }

    /** The model's arguments could not be used; the message says why, for the model. */
    static final class ArgumentsException extends IllegalArgumentException {
        ArgumentsException(String message) {
            super(message);
        }
    }
}
