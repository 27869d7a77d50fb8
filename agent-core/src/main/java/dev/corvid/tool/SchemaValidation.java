package dev.corvid.tool;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Checks the arguments of a schema-defined tool against its whole JSON schema.
 *
 * <p>Kept apart from {@link HandlerTool} so that the validator is loaded on the first call of such a tool,
 * never by a JVM that only runs annotated tools. Each violation is worded like those of annotated tools:
 * the argument's path, the rule, and the value that broke it.
 */
final class SchemaValidation {

    /** Builds the registry on first use; it caches meta-schemas and is safe for concurrent use. */
    private static final class Holder {
        static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    }

    private final Schema schema;

    private SchemaValidation(Schema schema) {
        this.schema = schema;
    }

    /**
     * Compiles a tool's parameter schema.
     *
     * @throws IllegalArgumentException when the schema cannot be compiled
     */
    static SchemaValidation of(String toolName, JsonNode parameters) {
        try {
            return new SchemaValidation(Holder.REGISTRY.getSchema(parameters));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the parameters schema of tool '" + toolName
                    + "' is not a usable JSON schema: " + e.getMessage(), e);
        }
    }

    /** Returns a line per violation, naming the argument's path; empty when the arguments fit. */
    List<String> validate(JsonNode arguments) {
        Set<String> problems = new LinkedHashSet<>();
        for (Error error : schema.validate(arguments)) {
            problems.add(describe(error));
        }
        return new ArrayList<>(problems);
    }

    private static String describe(Error error) {
        String place = place(error.getInstanceLocation().toString());
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        if (keyword.equals("required") && error.getProperty() != null) {
            return "missing required argument '" + join(place, error.getProperty()) + "'";
        }
        if ((keyword.equals("additionalProperties") || keyword.equals("unevaluatedProperties"))
                && error.getProperty() != null) {
            return "unknown argument '" + join(place, error.getProperty()) + "'";
        }
        String message = rule(error.getMessage(), error.getInstanceLocation().toString());
        JsonNode value = error.getInstanceNode();
        String shown = value == null || value.isContainer() ? null
                : value.isString() ? "\"" + ToolJson.abbreviate(value.stringValue()) + "\"" : value.toString();
        String subject = place.isEmpty() ? "the arguments" : "argument '" + place + "'";
        return subject + " " + message + (shown == null ? "" : " (got " + shown + ")");
    }

    /** Turns the validator's JSON pointer {@code /items/0/name} into the {@code items[0].name} of annotated tools. */
    private static String place(String location) {
        StringBuilder place = new StringBuilder();
        for (String segment : location.split("/")) {
            if (segment.isEmpty() || segment.equals("$")) {
                continue;
            }
            String name = segment.replace("~1", "/").replace("~0", "~");
            if (name.chars().allMatch(Character::isDigit)) {
                place.append('[').append(name).append(']');
            } else {
                place.append(place.length() == 0 ? "" : ".").append(name);
            }
        }
        return place.toString();
    }

    private static String join(String place, String property) {
        return place.isEmpty() ? property : place + "." + property;
    }

    /** Drops the location the validator puts before its message, which the caller names its own way. */
    private static String rule(String message, String location) {
        String text = message == null ? "is invalid" : message;
        if (text.startsWith(location + ": ")) {
            text = text.substring(location.length() + 2);
        } else if (text.startsWith(location + " ")) {
            text = text.substring(location.length() + 1);
        }
        return text;
    }
}
