package dev.corvid.tool;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A tool built in code from a definition and a handler. */
final class HandlerTool implements FunctionTool {

    private final ToolDefinition definition;
    private final Handler handler;

    HandlerTool(ToolDefinition definition, Handler handler) {
        if (handler == null) {
            throw new IllegalArgumentException("tool '" + definition.name() + "' needs a handler");
        }
        this.definition = definition;
        this.handler = handler;
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public ToolResult invoke(String arguments, ToolContext context) {
        ObjectNode parsed;
        try {
            parsed = ToolJson.parseArguments(arguments);
        } catch (ToolJson.ArgumentsException e) {
            return ToolResult.failure("Invalid arguments for " + definition.name() + ": " + e.getMessage());
        }
        StringBuilder missing = new StringBuilder();
        for (JsonNode required : definition.parameters().path("required")) {
            String name = required.asString("");
            if (!parsed.has(name) || parsed.get(name).isNull()) {
                missing.append(missing.length() == 0 ? "" : ", ").append('\'').append(name).append('\'');
            }
        }
        if (missing.length() > 0) {
            return ToolResult.failure("Invalid arguments for " + definition.name() + ": missing required "
                    + missing + ". Call it again with every required argument.");
        }
        try {
            return ToolResult.success(ToolJson.resultText(handler.handle(parsed, context), false));
        } catch (Exception e) {
            return ToolResult.failure(Failures.describe(definition.name(), e));
        }
    }

    @Override
    public String toString() {
        return "FunctionTool[" + definition.name() + "]";
    }
}
