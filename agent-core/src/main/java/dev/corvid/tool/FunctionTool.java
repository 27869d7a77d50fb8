package dev.corvid.tool;

import tools.jackson.databind.JsonNode;

/**
 * A tool the model can call: its definition, and how to run it with the model's arguments.
 *
 * <p>Methods annotated with {@link Tool} become function tools through {@link Toolbox}; build one in code
 * with {@link #of(String, String, JsonNode, Handler)} when the set of tools is only known at run time.
 * Implementations must be safe for concurrent use: an agent may run the same tool in several calls at
 * once.
 */
public interface FunctionTool {

    /** {@return what the model is told about this tool} */
    ToolDefinition definition();

    /**
     * Runs the tool.
     *
     * <p>Whatever the model got wrong (unparseable or invalid arguments) and whatever the tool's code
     * throws is returned as a {@linkplain ToolResult#failure(String) failure} rather than thrown, so the
     * model can read it and try again.
     *
     * @param arguments the arguments exactly as the model sent them, JSON text that may be invalid
     * @param context the run calling the tool
     * @return the result for the model; never null
     */
    ToolResult invoke(String arguments, ToolContext context);

    /**
     * Returns what a call with these arguments would do, for a person asked to approve it (a diff, the
     * command line); null by default, for no preview. Must not change anything.
     *
     * @param arguments the arguments exactly as the model sent them, JSON text that may be invalid
     * @return the preview, or null
     */
    default String preview(String arguments) {
        return null;
    }

    /**
     * The code behind a tool built with {@link #of(String, String, JsonNode, Handler)}.
     */
    @FunctionalInterface
    interface Handler {
        /**
         * Runs the tool.
         *
         * @param arguments the parsed arguments object, valid against the tool's schema
         * @param context the run calling the tool
         * @return the result: a {@link ToolResult} as it is (to report a failure without an exception), a
         *     {@code String} as it is, null as the text {@code null}, anything else as JSON
         * @throws Exception any failure, reported to the model by its message
         */
        Object handle(JsonNode arguments, ToolContext context) throws Exception;
    }

    /**
     * {@return a tool defined by a name, a description, a JSON schema and a handler}
     *
     * <p>The arguments are parsed with the same leniency as those of annotated methods and validated against
     * the whole schema (JSON Schema draft 2020-12) before the handler runs; each violation goes back to the
     * model with its path, as for annotated tools.
     *
     * @param name the tool's name, matching {@code ^[a-zA-Z0-9_-]{1,64}$}
     * @param description what the tool does, for the model
     * @param parameters the JSON schema of the arguments object
     * @param handler the code to run
     * @throws IllegalArgumentException when the name or schema is invalid or the handler is null
     */
    static FunctionTool of(String name, String description, JsonNode parameters, Handler handler) {
        return new HandlerTool(new ToolDefinition(name, description, parameters), handler);
    }
}
