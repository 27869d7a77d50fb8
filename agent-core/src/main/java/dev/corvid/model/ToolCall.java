package dev.corvid.model;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A request by the model to run one tool with the given arguments.
 *
 * @param id the provider's id for this call, kept verbatim so the result can answer it; never null
 * @param name the name of the tool to run; never null
 * @param arguments the arguments as JSON text, exactly as the model produced them (which may be invalid);
 *     never null, {@code "{}"} when the model gave none
 * @param extra fields the provider sent with the call that Corvid does not model, kept so they can be
 *     sent back; never null
 */
public record ToolCall(String id, String name, String arguments, Map<String, JsonNode> extra) {

    /**
     * Checks the fields and copies the extra fields.
     *
     * @param id the provider's id for this call, kept verbatim so the result can answer it; never null
     * @param name the name of the tool to run; never null
     * @param arguments the arguments as JSON text, exactly as the model produced them (which may be invalid); never
     *     null, {@code "{}"} when the model gave none
     * @param extra fields the provider sent with the call that Corvid does not model, kept so they can be sent back;
     *     never null
     */
    public ToolCall {
        if (id == null) {
            throw new IllegalArgumentException("tool call id must not be null");
        }
        if (name == null) {
            throw new IllegalArgumentException("tool call name must not be null");
        }
        if (arguments == null || arguments.isBlank()) {
            arguments = "{}";
        }
        extra = Json.copyOf(extra);
    }

    /**
     * {@return a call with no extra fields}
     *
     * @param id the call's id, which the tool message answering it repeats
     * @param name the name of the tool to call
     * @param arguments the arguments, as JSON text
     */
    public static ToolCall of(String id, String name, String arguments) {
        return new ToolCall(id, name, arguments, Map.of());
    }
}
