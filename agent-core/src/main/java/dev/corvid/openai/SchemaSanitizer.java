package dev.corvid.openai;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rewrites tool schemas into the subset a model family accepts. The full schema still validates the
 * arguments locally; only what is sent changes.
 */
final class SchemaSanitizer {

    /** Formats Gemini accepts on strings; it rejects the others. */
    private static final Set<String> GEMINI_FORMATS = Set.of("enum", "date-time");
    private static final Set<String> DROPPED = Set.of("$schema", "$id", "$defs", "definitions", "strict",
            "additionalProperties", "$comment", "examples", "default", "title", "unevaluatedProperties");
    private static final int MAX_DEPTH = 12;

    private SchemaSanitizer() {
    }

    /** Returns the schema in the given dialect; the input is not changed. */
    static JsonNode sanitise(JsonNode schema, ModelProfile.SchemaDialect dialect) {
        if (dialect == ModelProfile.SchemaDialect.FULL || schema == null || !schema.isObject()) {
            return schema;
        }
        return gemini(schema, schema.path("$defs"), new HashSet<>(), 0);
    }

    private static ObjectNode gemini(JsonNode node, JsonNode definitions, Set<String> expanding, int depth) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        JsonNode reference = node.get("$ref");
        if (reference != null && reference.isString()) {
            String name = reference.stringValue().replaceFirst("^#/(\\$defs|definitions)/", "");
            JsonNode target = definitions.get(name);
            if (target == null || !expanding.add(name) || depth > MAX_DEPTH) {
                // A recursive type cannot be inlined for ever: cut it off as a free-form object.
                out.put("type", "object");
                out.put("description", "a nested " + name);
                return out;
            }
            ObjectNode inlined = gemini(target, definitions, expanding, depth + 1);
            expanding.remove(name);
            node.properties().forEach(field -> {
                if (!field.getKey().equals("$ref") && !DROPPED.contains(field.getKey())) {
                    inlined.set(field.getKey(), field.getValue());
                }
            });
            return inlined;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (DROPPED.contains(key)) {
                continue;
            }
            switch (key) {
                case "properties" -> {
                    ObjectNode properties = out.putObject("properties");
                    value.properties().forEach(property -> properties.set(property.getKey(),
                            gemini(property.getValue(), definitions, expanding, depth + 1)));
                }
                case "items" -> out.set("items", value.isObject() ? gemini(value, definitions, expanding, depth + 1)
                        : value);
                case "anyOf", "oneOf", "allOf", "prefixItems" -> {
                    ArrayNode variants = out.putArray(key.equals("allOf") || key.equals("oneOf") ? "anyOf" : key);
                    value.forEach(variant -> variants.add(gemini(variant, definitions, expanding, depth + 1)));
                }
                case "const" -> out.putArray("enum").add(value.isString() ? value.stringValue() : value.toString());
                case "enum" -> {
                    ArrayNode values = out.putArray("enum");
                    value.forEach(item -> values.add(item.isString() ? item.stringValue() : item.toString()));
                    out.put("type", "string");
                }
                case "format" -> {
                    if (GEMINI_FORMATS.contains(value.asString(""))) {
                        out.set("format", value);
                    }
                }
                case "exclusiveMinimum" -> out.set("minimum", value);
                case "exclusiveMaximum" -> out.set("maximum", value);
                case "type" -> setType(out, value);
                default -> out.set(key, value);
            }
        }
        if (out.has("enum") || node.has("const")) {
            out.put("type", "string");
        }
        return out;
    }

    /** Gemini takes one type; {@code ["string", "null"]} becomes {@code "string"} with {@code nullable}. */
    private static void setType(ObjectNode out, JsonNode type) {
        if (!type.isArray()) {
            out.set("type", type);
            return;
        }
        String chosen = null;
        for (JsonNode item : type) {
            if (item.asString("").equals("null")) {
                out.put("nullable", true);
            } else if (chosen == null) {
                chosen = item.asString("");
            }
        }
        out.put("type", chosen == null ? "string" : chosen);
    }
}
