package dev.corvid.openai;

import dev.corvid.tool.ToolDefinition;
import java.math.BigDecimal;
import java.math.BigInteger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Types the text of a Qwen XML parameter by the JSON schema the declared tool gives it.
 *
 * <p>Rules:
 * <ul>
 *   <li>{@code string}: the text exactly, even when it reads as JSON, a number or a boolean. A nullable string
 *       ({@code ["string", "null"]} or an {@code anyOf} with {@code null}) takes {@code null}/{@code None} as null.
 *   <li>{@code integer}, {@code number}: the number; {@code boolean}: {@code true}/{@code false} in any case
 *       (so Python's {@code True}/{@code False}); {@code object}, {@code array}: the JSON, read after Python's
 *       {@code True}, {@code False}, {@code None} and single-quoted strings are put in JSON's spelling. For all of
 *       them {@code null}/{@code None} is null, surrounding whitespace is ignored, and text that is not of the
 *       type stays a string, so that validation tells the model what was wrong.
 *   <li>A parameter the schema does not declare, or declares without a type, is guessed: JSON when it reads as
 *       JSON, else the text.
 * </ul>
 */
final class ParameterTypes {

    /** The mapper of every text-call format: values here, and the objects of {@link HermesCalls}. */
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JSON.getNodeFactory();

    private ParameterTypes() {
    }

    /** Returns the schema the tool gives a parameter, or null when the tool or the parameter is not declared. */
    static JsonNode schemaOf(ToolDefinition tool, String parameter) {
        if (tool == null) {
            return null;
        }
        JsonNode schema = tool.parameters().path("properties").get(parameter);
        return schema != null && schema.isObject() ? schema : null;
    }

    /** Returns the value of a parameter's text as its schema types it. */
    static JsonNode convert(String text, JsonNode schema) {
        String type = null;
        boolean nullable = false;
        if (schema != null) {
            JsonNode declared = schema.get("type");
            if (declared == null) {
                declared = schema.has("anyOf") ? schema.get("anyOf") : schema.get("oneOf");
            }
            if (declared != null && declared.isString()) {
                type = declared.stringValue();
            } else if (declared != null && declared.isArray()) {
                for (JsonNode option : declared) {
                    String name = option.isString() ? option.stringValue() : option.path("type").asString(null);
                    if ("null".equals(name)) {
                        nullable = true;
                    } else if (type == null && name != null) {
                        type = name;
                    }
                }
            }
        }
        String trimmed = text.strip();
        boolean isNull = trimmed.equals("null") || trimmed.equals("None");
        if (type == null) {
            return guess(text);
        }
        if (type.equals("string")) {
            return nullable && isNull ? NODES.nullNode() : NODES.stringNode(text);
        }
        if (isNull) {
            return NODES.nullNode();
        }
        try {
            switch (type) {
                case "integer" -> {
                    return NODES.numberNode(new BigInteger(trimmed));
                }
                case "number" -> {
                    BigDecimal number = new BigDecimal(trimmed);
                    return number.scale() <= 0 ? NODES.numberNode(number.toBigIntegerExact()) : NODES.numberNode(number);
                }
                case "boolean" -> {
                    if (trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false")) {
                        return NODES.booleanNode(trimmed.equalsIgnoreCase("true"));
                    }
                }
                case "object", "array" -> {
                    JsonNode parsed = readJson(trimmed);
                    if (parsed == null) {
                        parsed = readJson(jsonSpelling(trimmed));
                    }
                    if (parsed != null && parsed.isObject() == type.equals("object")
                            && parsed.isArray() == type.equals("array")) {
                        return parsed;
                    }
                }
                default -> {
                    return guess(text);
                }
            }
        } catch (NumberFormatException | ArithmeticException notANumber) {
            // stays text below
        }
        return NODES.stringNode(text);
    }

    /** The guess for a parameter without a declared type: JSON when it reads as JSON, else the text. */
    static JsonNode guess(String text) {
        String trimmed = text.strip();
        if (!trimmed.isEmpty() && (trimmed.startsWith("{") || trimmed.startsWith("[") || trimmed.equals("true")
                || trimmed.equals("false") || trimmed.equals("null") || isNumber(trimmed))) {
            JsonNode parsed = readJson(trimmed);
            if (parsed != null) {
                return parsed;
            }
        }
        return NODES.stringNode(text);
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (JacksonException notJson) {
            return null;
        }
    }

    private static boolean isNumber(String text) {
        char first = text.charAt(0);
        return (first == '-' || Character.isDigit(first)) && text.chars().allMatch(c -> Character.isDigit(c)
                || c == '.' || c == '-' || c == 'e' || c == 'E' || c == '+');
    }

    /**
     * Rewrites a Python literal in JSON's spelling: {@code True}, {@code False}, {@code None} outside strings
     * become {@code true}, {@code false}, {@code null}, and single-quoted strings double-quoted ones.
     */
    static String jsonSpelling(String python) {
        StringBuilder json = new StringBuilder(python.length());
        for (int i = 0; i < python.length(); i++) {
            char c = python.charAt(i);
            if (c == '"' || c == '\'') {
                json.append('"');
                for (i++; i < python.length() && python.charAt(i) != c; i++) {
                    char inner = python.charAt(i);
                    if (inner == '\\' && i + 1 < python.length()) {
                        json.append(inner).append(python.charAt(++i));
                    } else {
                        json.append(inner == '"' ? "\\\"" : String.valueOf(inner));
                    }
                }
                json.append('"');
            } else if (Character.isLetter(c) && (i == 0 || !Character.isLetterOrDigit(python.charAt(i - 1)))) {
                int end = i;
                while (end < python.length() && Character.isLetterOrDigit(python.charAt(end))) {
                    end++;
                }
                String word = python.substring(i, end);
                json.append(switch (word) {
                    case "True" -> "true";
                    case "False" -> "false";
                    case "None" -> "null";
                    default -> word;
                });
                i = end - 1;
            } else {
                json.append(c);
            }
        }
        return json.toString();
    }
}
