package dev.corvid.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Shared helpers for the JSON values that messages carry. */
final class Json {

    private Json() {
    }

    /** Returns an unmodifiable deep copy, keeping the order of the fields. */
    static Map<String, JsonNode> copyOf(Map<String, JsonNode> fields) {
        if (fields == null || fields.isEmpty()) {
            return Map.of();
        }
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        fields.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new IllegalArgumentException("extra fields must not hold null keys or values");
            }
            copy.put(key, value.deepCopy());
        });
        return Collections.unmodifiableMap(copy);
    }
}
