package dev.corvid.agent;

import dev.corvid.tool.ToolArguments;
import tools.jackson.databind.JsonNode;

/**
 * The Java type a structured answer is bound to: its schema's name, its JSON schema, and the reading of a
 * model's reply into it. The schema is generated once, when the output type is made. Immutable.
 *
 * @param <T> the answer's type
 */
final class OutputType<T> {

    private final Class<T> type;
    private final String name;
    private final JsonNode schema;

    private OutputType(Class<T> type) {
        this.type = type;
        this.name = snakeCase(type.getSimpleName());
        this.schema = ToolArguments.schema(type);
    }

    /**
     * Returns the output type of a record or class.
     *
     * @throws IllegalArgumentException when the type is not a JSON object type, such as {@code String}
     */
    static <T> OutputType<T> of(Class<T> type) {
        if (type == null) {
            throw new IllegalArgumentException("output type must not be null");
        }
        if (type.isPrimitive() || type.isArray() || type.isEnum() || type.getName().startsWith("java.")) {
            throw new IllegalArgumentException("a structured answer must be a record or class, not "
                    + type.getName() + "; use run(prompt) for plain text, or wrap the value in a record");
        }
        return new OutputType<>(type);
    }

    Class<T> type() {
        return type;
    }

    /** Returns the schema's name: the type's simple name in snake_case. */
    String name() {
        return name;
    }

    JsonNode schema() {
        return schema;
    }

    /**
     * Reads and validates a reply, tolerating a Markdown code fence and prose around a single JSON object.
     *
     * @throws IllegalArgumentException when the reply does not fit, with a message written for the model
     */
    T parse(String text) {
        return read(text, type);
    }

    /** Reads a reply into a type as {@link #parse(String)} does, without making the type's schema. */
    static <T> T read(String text, Class<T> type) {
        return ToolArguments.bind(extractJson(text == null ? "" : text), type);
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

    /** {@code WeatherReport} becomes {@code weather_report}, {@code HTTPAnswer} {@code http_answer}. */
    private static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            char before = i > 0 ? name.charAt(i - 1) : '_';
            boolean wordStarts = Character.isLowerCase(before) || Character.isDigit(before)
                    || Character.isUpperCase(before) && i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
            if (Character.isUpperCase(c) && wordStarts) {
                out.append('_');
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "OutputType[" + type.getName() + "]";
    }
}
