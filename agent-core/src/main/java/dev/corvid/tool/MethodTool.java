package dev.corvid.tool;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tool backed by an annotated Java method: binds the model's arguments to the parameters, validates
 * them, calls the method and turns the outcome into a {@link ToolResult}.
 */
final class MethodTool implements FunctionTool {

    /** One parameter of the method: either an argument the model gives, or the injected context. */
    record Param(String name, JavaType type, ObjectReader reader, boolean required, boolean isContext,
                 boolean structured) {

        Object absentValue() {
            Class<?> raw = type.getRawClass();
            if (raw == Optional.class) {
                return Optional.empty();
            }
            if (raw == boolean.class) {
                return false;
            }
            if (raw == char.class) {
                return '\0';
            }
            if (raw.isPrimitive()) {
                return ToolJson.MAPPER.convertValue(0, raw);
            }
            return null;
        }
    }

    private final ToolDefinition definition;
    private final Object target;
    private final Method method;
    private final Param[] params;
    private final Map<String, Param> paramsByName;
    private final boolean isVoid;
    private final ArgumentValidation validation;

    MethodTool(ToolDefinition definition, Object target, Method method, List<Param> params,
               ArgumentValidation validation) {
        this.definition = definition;
        this.target = target;
        this.method = method;
        this.params = params.toArray(new Param[0]);
        Map<String, Param> byName = new java.util.LinkedHashMap<>();
        for (Param param : params) {
            if (!param.isContext()) {
                byName.put(param.name(), param);
            }
        }
        this.paramsByName = java.util.Collections.unmodifiableMap(byName);
        this.isVoid = method.getReturnType() == void.class;
        this.validation = validation;
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
            return invalid(List.of(e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        for (String name : parsed.propertyNames()) {
            if (!paramsByName.containsKey(name)) {
                problems.add("unknown argument '" + name + "'; the arguments are " + paramsByName.keySet());
            }
        }
        Object[] values = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            Param param = params[i];
            if (param.isContext()) {
                values[i] = context;
                continue;
            }
            JsonNode node = parsed.get(param.name());
            if (node == null || node.isNull()) {
                if (param.required()) {
                    problems.add("missing required argument '" + param.name() + "'");
                } else {
                    values[i] = param.absentValue();
                }
                continue;
            }
            try {
                values[i] = param.reader().readValue(unwrapStringified(node, param));
            } catch (JacksonException e) {
                problems.add("argument '" + param.name() + "'" + location(e) + ": " + e.getOriginalMessage());
            }
        }
        if (problems.isEmpty() && validation != null) {
            problems.addAll(validation.validate(target, method, values));
        }
        if (!problems.isEmpty()) {
            return invalid(problems);
        }
        return call(values);
    }

    private ToolResult call(Object[] values) {
        try {
            return ToolResult.success(ToolJson.resultText(method.invoke(target, values), isVoid));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return ToolResult.failure("Error: " + definition.name() + " was interrupted before it finished");
            }
            return ToolResult.failure(Failures.describe(definition.name(), cause));
        } catch (IllegalAccessException e) {
            return ToolResult.failure(Failures.describe(definition.name(), e));
        } catch (JacksonException e) {
            return ToolResult.failure("Error: the result of " + definition.name() + " could not be written as JSON: "
                    + e.getOriginalMessage());
        }
    }

    /** Accepts an object or array sent as a JSON string, a common slip of models, where a structure is expected. */
    private static JsonNode unwrapStringified(JsonNode node, Param param) {
        if (param.structured() && node.isString()) {
            String text = node.stringValue().strip();
            if (text.startsWith("{") || text.startsWith("[")) {
                try {
                    return ToolJson.MAPPER.readTree(text);
                } catch (JacksonException notJson) {
                    return node;
                }
            }
        }
        return node;
    }

    private static String location(JacksonException e) {
        if (!(e instanceof DatabindException databind) || databind.getPath().isEmpty()) {
            return "";
        }
        StringBuilder path = new StringBuilder(" at ");
        for (JacksonException.Reference reference : databind.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append('.').append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 4 ? "" : path.toString();
    }

    private ToolResult invalid(List<String> problems) {
        StringBuilder message = new StringBuilder("Invalid arguments for ").append(definition.name()).append(':');
        for (String problem : problems) {
            message.append("\n- ").append(problem);
        }
        message.append("\nCall ").append(definition.name()).append(" again with corrected arguments.");
        return ToolResult.failure(message.toString());
    }

    @Override
    public String toString() {
        return "FunctionTool[" + definition.name() + " -> " + method.getDeclaringClass().getSimpleName() + "."
                + method.getName() + "]";
    }
}
