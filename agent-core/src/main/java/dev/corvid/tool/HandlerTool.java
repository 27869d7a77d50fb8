package dev.corvid.tool;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** A tool built in code from a definition and a handler. */
final class HandlerTool implements FunctionTool {

    private final ToolDefinition definition;
    private final Handler handler;
    /** Compiled on the first call, so that building a tool never loads the schema validator. */
    private volatile SchemaValidation validation;

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
            parsed = ToolArguments.parse(arguments);
        } catch (ToolJson.ArgumentsException e) {
            return ToolResult.failure("Invalid arguments for " + definition.name() + ": " + e.getMessage());
        }
        List<String> problems = validation().validate(parsed);
        if (!problems.isEmpty()) {
            StringBuilder message = new StringBuilder("Invalid arguments for ").append(definition.name()).append(':');
            for (String problem : problems) {
                message.append("\n- ").append(problem);
            }
            message.append("\nCall ").append(definition.name()).append(" again with corrected arguments.");
            return ToolResult.failure(message.toString());
        }
        try {
            Object result = handler.handle(parsed, context);
            return result instanceof ToolResult given ? given : ToolResult.success(ToolJson.resultText(result, false));
        } catch (Exception e) {
            return ToolResult.failure(Failures.describe(definition.name(), e));
        }
    }

    private SchemaValidation validation() {
        SchemaValidation compiled = validation;
        if (compiled == null) {
            compiled = SchemaValidation.of(definition.name(), definition.parameters());
            validation = compiled;
        }
        return compiled;
    }

    @Override
    public String toString() {
        return "FunctionTool[" + definition.name() + "]";
    }
}
