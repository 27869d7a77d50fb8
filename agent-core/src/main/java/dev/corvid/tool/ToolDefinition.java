package dev.corvid.tool;

import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * What the model is told about a tool: its name, what it does, and the JSON schema of its arguments.
 *
 * @param name the name the model calls it by, matching {@code ^[a-zA-Z0-9_-]{1,64}$}
 * @param description what the tool does; never null, may be empty
 * @param parameters the JSON schema (draft 2020-12) of the arguments object; never null
 */
public record ToolDefinition(String name, String description, JsonNode parameters) {

    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

    /**
     * Checks the name and the schema, and copies the schema.
     *
     * @param name the name the model calls it by, matching {@code ^[a-zA-Z0-9_-]{1,64}$}
     * @param description what the tool does; never null, may be empty
     * @param parameters the JSON schema (draft 2020-12) of the arguments object; never null
     */
    public ToolDefinition {
        requireValidName(name);
        if (description == null) {
            description = "";
        }
        if (parameters == null || !parameters.isObject()) {
            throw new IllegalArgumentException("tool '" + name + "' needs a JSON object schema for its parameters, "
                    + "such as {\"type\":\"object\",\"properties\":{}}");
        }
        if (!"object".equals(parameters.path("type").asString(""))) {
            throw new IllegalArgumentException("the parameters schema of tool '" + name
                    + "' must have \"type\": \"object\"; tool arguments are always a JSON object");
        }
        parameters = parameters.deepCopy();
    }

    /**
     * Checks a tool name.
     *
     * @throws IllegalArgumentException when the name does not match {@code ^[a-zA-Z0-9_-]{1,64}$}
     */
    static void requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid tool name '" + name + "': use 1 to 64 letters, digits, "
                    + "'_' or '-' (providers reject anything else)");
        }
    }
}
