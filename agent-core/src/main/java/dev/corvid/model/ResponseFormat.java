package dev.corvid.model;

import tools.jackson.databind.JsonNode;

/**
 * The shape the model's answer must have: free text, any JSON object, or JSON matching a schema.
 *
 * @param type which of the three
 * @param name the schema's name when the type is {@link Type#JSON_SCHEMA}; null otherwise
 * @param schema the JSON schema when the type is {@link Type#JSON_SCHEMA}; null otherwise
 * @param strict whether the provider should enforce the schema exactly (OpenAI's {@code strict})
 */
public record ResponseFormat(Type type, String name, JsonNode schema, boolean strict) {

    /** The kinds of answer format. */
    public enum Type {
        /** Free text. */
        TEXT,
        /** Any JSON object. */
        JSON_OBJECT,
        /** JSON matching a schema. */
        JSON_SCHEMA
    }

    /**
     * Checks that a schema is given exactly for {@link Type#JSON_SCHEMA}, and copies it.
     *
     * @param type which of the three
     * @param name the schema's name when the type is {@link Type#JSON_SCHEMA}; null otherwise
     * @param schema the JSON schema when the type is {@link Type#JSON_SCHEMA}; null otherwise
     * @param strict whether the provider should enforce the schema exactly (OpenAI's {@code strict})
     */
    public ResponseFormat {
        if (type == null) {
            throw new IllegalArgumentException("type must not be null");
        }
        if (type == Type.JSON_SCHEMA) {
            if (name == null || name.isBlank() || schema == null || !schema.isObject()) {
                throw new IllegalArgumentException("a JSON schema response format needs a name and an object schema");
            }
            schema = schema.deepCopy();
        }
    }

    /** {@return the free-text format} */
    public static ResponseFormat text() {
        return new ResponseFormat(Type.TEXT, null, null, false);
    }

    /** {@return the any-JSON-object format} */
    public static ResponseFormat jsonObject() {
        return new ResponseFormat(Type.JSON_OBJECT, null, null, false);
    }

    /**
     * {@return the format that asks for JSON matching the schema, not strictly enforced}
     *
     * @param name the schema's name, sent to the server
     * @param schema the JSON schema the answer must match
     */
    public static ResponseFormat jsonSchema(String name, JsonNode schema) {
        return new ResponseFormat(Type.JSON_SCHEMA, name, schema, false);
    }
}
