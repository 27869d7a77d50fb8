package dev.corvid.tool;

import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Java type a structured answer is bound to: its JSON schema, and the parsing and validation of a
 * model's reply into it.
 *
 * <p>Used by {@code Agent.run(prompt, type)}; the schema is generated once, when the output type is
 * created. Immutable and thread-safe.
 *
 * @param <T> the answer's type
 */
public final class OutputType<T> {

    private final Class<T> type;
    private final String name;
    private final ObjectNode schema;
    private final ObjectReader reader;
    private final boolean constrained;

    private OutputType(Class<T> type) {
        this.type = type;
        this.name = AnnotatedTools.snakeCase(type.getSimpleName());
        this.schema = ToolSchemas.typeSchema(type);
        this.reader = ToolJson.MAPPER.readerFor(type);
        this.constrained = ArgumentValidation.isConstrained(type);
    }

    /**
     * {@return the output type of a record or class}
     *
     * @param <T> the answer's type
     * @param type the record or class the answer is bound to
     * @throws IllegalArgumentException when the type is not a JSON object type, such as {@code String}
     */
    public static <T> OutputType<T> of(Class<T> type) {
        if (type == null) {
            throw new IllegalArgumentException("output type must not be null");
        }
        if (type.isPrimitive() || type.isArray() || type.isEnum() || type.getName().startsWith("java.")) {
            throw new IllegalArgumentException("a structured answer must be a record or class, not "
                    + type.getName() + "; use run(prompt) for plain text, or wrap the value in a record");
        }
        return new OutputType<>(type);
    }

    /** {@return the Java type} */
    public Class<T> type() {
        return type;
    }

    /** {@return the schema's name, the type's simple name in snake_case} */
    public String name() {
        return name;
    }

    /** {@return the JSON schema of the answer} */
    public JsonNode schema() {
        return schema;
    }

    /**
     * Parses and validates a reply. Tolerates a Markdown code fence and prose around a single JSON object.
     *
     * @param text the model's reply
     * @return the answer
     * @throws IllegalArgumentException when the reply does not fit, with a message written for the model
     */
    public T parse(String text) {
        String json = extractJson(text == null ? "" : text);
        T value;
        try {
            JsonNode node = ToolJson.parseArguments(json);
            value = reader.readValue(node);
        } catch (ToolJson.ArgumentsException e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (JacksonException e) {
            throw new IllegalArgumentException(e.getOriginalMessage());
        }
        if (constrained) {
            List<String> problems = ArgumentValidation.validateBean(value);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
        }
        return value;
    }

    private static String extractJson(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("{")) {
            return trimmed;
        }
        int start = trimmed.indexOf('{');
        int end = trimmed.lastIndexOf('}');
        return start >= 0 && end > start ? trimmed.substring(start, end + 1) : trimmed;
    }

    @Override
    public String toString() {
        return "OutputType[" + type.getName() + "]";
    }
}
