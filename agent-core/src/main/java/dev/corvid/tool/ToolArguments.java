package dev.corvid.tool;

import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How Corvid reads the arguments a model wrote for a tool call: leniently where the meaning is plain.
 *
 * <p>Accepted besides strict JSON: empty text and {@code null} (no arguments), a JSON string that holds
 * the object (double encoding), single quotes, unquoted names, trailing commas and comments. Every tool
 * reads its arguments this way, and the OpenAI-compatible client repairs a history's arguments with it
 * before sending them back. {@link #bind(String, Class)} and {@link #schema(Class)} give a tool made with
 * {@link FunctionTool#of} what annotated tools get: arguments bound to a record and checked against its
 * constraints, and the schema that describes them. Thread-safe.
 */
public final class ToolArguments {

    /** Parses what strict JSON refuses but whose meaning is plain. */
    private static final JsonMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .build();

    /** What binding to a type needs, made once per type. */
    private record Binding(ObjectReader reader, boolean constrained) {
    }

    private static final ClassValue<Binding> BINDINGS = new ClassValue<>() {
        @Override
        protected Binding computeValue(Class<?> type) {
            return new Binding(ToolJson.MAPPER.readerFor(type), ArgumentValidation.isConstrained(type));
        }
    };

    private ToolArguments() {
    }

    /**
     * Returns the JSON schema of a record or class, as Corvid writes it for tool parameters and structured
     * answers: Jackson's names, Jakarta constraints as schema keywords, {@code @ToolParam} descriptions.
     *
     * @param type the record or class
     * @return a new schema document
     */
    public static ObjectNode schema(Class<?> type) {
        return ToolSchemas.typeSchema(type);
    }

    /**
     * Reads a model's arguments, as {@link #parse(String)} does, into a record or class, and checks its
     * Jakarta constraints in depth.
     *
     * @param text the arguments as the model sent them
     * @param type the record or class to bind them to
     * @param <T> the type
     * @return the bound value
     * @throws IllegalArgumentException when the arguments do not fit the type or break a constraint, with a
     *     message written for the model naming each problem and its path
     */
    public static <T> T bind(String text, Class<T> type) {
        Binding binding = BINDINGS.get(type);
        T value;
        try {
            value = binding.reader().readValue(parse(text));
        } catch (JacksonException e) {
            throw new IllegalArgumentException(e.getOriginalMessage());
        }
        if (binding.constrained()) {
            List<String> problems = ArgumentValidation.validateBean(value);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
        }
        return value;
    }

    /**
     * Parses a model's arguments into an object.
     *
     * @param text the arguments as the model sent them; null or blank for none
     * @return the arguments object; empty when there were none
     * @throws IllegalArgumentException when the text is no object, with a message written for the model
     */
    public static ObjectNode parse(String text) {
        if (text == null || text.isBlank() || text.strip().equals("null")) {
            return ToolJson.MAPPER.createObjectNode();
        }
        JsonNode node = read(text);
        if (node.isString()) {
            String inner = node.stringValue().strip();
            if (inner.isEmpty()) {
                return ToolJson.MAPPER.createObjectNode();
            }
            if (inner.startsWith("{")) {
                node = read(inner);
            }
        }
        if (!node.isObject()) {
            throw new ToolJson.ArgumentsException("the arguments must be a JSON object such as {\"name\": value}, got: "
                    + ToolJson.abbreviate(text));
        }
        return (ObjectNode) node;
    }

    private static JsonNode read(String text) {
        try {
            return ToolJson.MAPPER.readTree(text);
        } catch (JacksonException strictFailure) {
            try {
                return LENIENT.readTree(text);
            } catch (JacksonException e) {
                throw new ToolJson.ArgumentsException("the arguments are not valid JSON (" + e.getOriginalMessage()
                        + "); send a single JSON object with double-quoted names and strings. Got: "
                        + ToolJson.abbreviate(text));
            }
        }
    }
}
