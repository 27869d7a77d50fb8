package dev.corvid.tool;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.lang.annotation.Annotation;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JavaType;

/**
 * Finds the {@link Tool} methods of a class and turns each into a {@link MethodTool}, failing with a
 * message that says how to fix every mistake a programmer can make in them.
 */
final class AnnotatedTools {

    private AnnotatedTools() {
    }

    /**
     * Returns the tools of an object (all its {@code @Tool} methods) or of a class (its static ones), sorted
     * by name.
     *
     * @throws IllegalArgumentException when a tool method is unusable, saying how to fix it
     */
    static List<FunctionTool> from(Object source) {
        boolean staticOnly = source instanceof Class<?>;
        Class<?> type = staticOnly ? (Class<?>) source : source.getClass();
        Object target = staticOnly ? null : source;
        List<FunctionTool> tools = new ArrayList<>();
        Set<String> seenSignatures = new HashSet<>();
        for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
            for (Method method : current.getDeclaredMethods()) {
                if (!method.isAnnotationPresent(Tool.class) || method.isBridge() || method.isSynthetic()) {
                    continue;
                }
                String signature = method.getName() + java.util.Arrays.toString(method.getParameterTypes());
                if (!seenSignatures.add(signature)) {
                    continue;
                }
                boolean isStatic = Modifier.isStatic(method.getModifiers());
                if (staticOnly && !isStatic) {
                    throw new IllegalArgumentException(describe(method) + " is not static: pass an instance of "
                            + type.getSimpleName() + " instead of " + type.getSimpleName() + ".class");
                }
                tools.add(toTool(isStatic ? null : target, method));
            }
        }
        // Reflection returns methods in no fixed order; a stable order keeps requests (and prompt caches) stable.
        tools.sort(java.util.Comparator.comparing(tool -> tool.definition().name()));
        if (tools.isEmpty()) {
            throw new IllegalArgumentException(type.getName() + " has no " + (staticOnly ? "static " : "")
                    + "methods annotated with @Tool; annotate the methods the model may call, or pass a FunctionTool");
        }
        return tools;
    }

    private static MethodTool toTool(Object target, Method method) {
        Tool annotation = method.getAnnotation(Tool.class);
        String name = annotation.name().isEmpty() ? snakeCase(method.getName()) : annotation.name();
        try {
            ToolDefinition.requireValidName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe(method) + ": " + e.getMessage()
                    + "; set @Tool(name = \"...\")", e);
        }
        try {
            method.setAccessible(true);
        } catch (InaccessibleObjectException | SecurityException e) {
            throw new IllegalArgumentException(describe(method) + " cannot be called by Corvid: open its package "
                    + "to dev.corvid.core in module-info.java, or make the method and its class public", e);
        }
        Parameter[] parameters = method.getParameters();
        List<MethodTool.Param> params = new ArrayList<>();
        List<ToolSchemas.Property> properties = new ArrayList<>();
        String[] names = new String[parameters.length];
        Set<String> seenNames = new HashSet<>();
        for (int i = 0; i < parameters.length; i++) {
            Parameter parameter = parameters[i];
            if (parameter.getType() == ToolContext.class) {
                names[i] = "context";
                params.add(new MethodTool.Param("context", null, null, false, true, false));
                continue;
            }
            ToolParam meta = parameter.getAnnotation(ToolParam.class);
            String paramName = meta != null && !meta.name().isEmpty() ? meta.name() : javaName(method, parameter, i);
            if (!seenNames.add(paramName)) {
                throw new IllegalArgumentException(describe(method) + " has two parameters named '" + paramName
                        + "'; give one of them another @ToolParam(name = \"...\")");
            }
            Type type = parameter.getParameterizedType();
            requireSupported(method, paramName, type);
            boolean required = (meta == null || meta.required()) && parameter.getType() != Optional.class
                    && !isNullable(parameter);
            JavaType javaType = ToolJson.MAPPER.getTypeFactory().constructType(type);
            names[i] = paramName;
            params.add(new MethodTool.Param(paramName, javaType, ToolJson.MAPPER.readerFor(javaType), required, false,
                    isStructured(javaType)));
            Type schemaType = type instanceof ParameterizedType optional && optional.getRawType() == Optional.class
                    ? optional.getActualTypeArguments()[0] : type;
            properties.add(new ToolSchemas.Property(paramName, schemaType, parameter, meta == null ? "" : meta.value(),
                    required));
        }
        ToolDefinition definition = new ToolDefinition(name, annotation.value(), ToolSchemas.objectSchema(properties));
        return new MethodTool(definition, target, method, params, ArgumentValidation.forMethod(method, names));
    }

    private static boolean isStructured(JavaType type) {
        Class<?> raw = type.getRawClass() == Optional.class ? type.containedTypeOrUnknown(0).getRawClass()
                : type.getRawClass();
        return !(raw.isPrimitive() || raw.isEnum() || CharSequence.class.isAssignableFrom(raw)
                || Number.class.isAssignableFrom(raw) || raw == Boolean.class || raw == Character.class
                || raw.getName().startsWith("java.time.") || raw == UUID.class);
    }

    private static String javaName(Method method, Parameter parameter, int index) {
        if (!parameter.isNamePresent()) {
            throw new IllegalArgumentException("parameter " + index + " of " + describe(method) + " has no name: "
                    + "compile with -parameters (Maven: <parameters>true</parameters> in the configuration of "
                    + "maven-compiler-plugin; Gradle: tasks.withType(JavaCompile).configureEach { "
                    + "options.compilerArgs.add(\"-parameters\") }) or name it with @ToolParam(name = \"...\")");
        }
        return parameter.getName();
    }

    private static boolean isNullable(Parameter parameter) {
        for (Annotation annotation : parameter.getAnnotations()) {
            if (annotation.annotationType().getSimpleName().equals("Nullable")) {
                return true;
            }
        }
        for (Annotation annotation : parameter.getAnnotatedType().getAnnotations()) {
            if (annotation.annotationType().getSimpleName().equals("Nullable")) {
                return true;
            }
        }
        return false;
    }

    private static final Set<Class<?>> UNSUPPORTED = Set.of(Object.class, InputStream.class, OutputStream.class,
            Reader.class, Writer.class, Thread.class, Class.class, Runnable.class);

    private static void requireSupported(Method method, String paramName, Type type) {
        String problem = unsupported(type);
        if (problem != null) {
            throw new IllegalArgumentException("parameter '" + paramName + "' of " + describe(method) + " has type "
                    + type.getTypeName() + ", which a model cannot send as JSON: " + problem);
        }
    }

    private static String unsupported(Type type) {
        if (type instanceof TypeVariable<?> || type instanceof WildcardType) {
            return "use a concrete type instead of a type variable or wildcard";
        }
        if (type instanceof GenericArrayType array) {
            return unsupported(array.getGenericComponentType());
        }
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (Map.class.isAssignableFrom(raw) && arguments.length == 2) {
                Type key = arguments[0];
                if (!(key instanceof Class<?> keyClass) || !(keyClass == String.class || keyClass.isEnum()
                        || Number.class.isAssignableFrom(keyClass) || keyClass == UUID.class)) {
                    return "map keys must be String, an enum or a number";
                }
            }
            for (Type argument : arguments) {
                String problem = unsupported(argument);
                if (problem != null) {
                    return problem;
                }
            }
            return unsupported(raw);
        }
        if (type instanceof Class<?> raw) {
            if (raw.isArray()) {
                return unsupported(raw.getComponentType());
            }
            if (UNSUPPORTED.contains(raw)) {
                return "declare the type of data the tool needs";
            }
            boolean isAbstract = raw.isInterface() || Modifier.isAbstract(raw.getModifiers());
            if (isAbstract && !raw.isPrimitive() && !Collection.class.isAssignableFrom(raw)
                    && !Map.class.isAssignableFrom(raw) && !CharSequence.class.isAssignableFrom(raw)
                    && !Number.class.isAssignableFrom(raw) && !raw.getName().startsWith("java.time.")
                    && !raw.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonTypeInfo.class)) {
                return "Jackson cannot create an abstract type; use a record or class, or declare its subtypes "
                        + "with @JsonTypeInfo and @JsonSubTypes";
            }
            return null;
        }
        return "unknown kind of type";
    }

    /** Returns the method name in snake_case: {@code readFile} is {@code read_file}, {@code getURL} is {@code get_url}. */
    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean afterLowerOrDigit = i > 0 && (Character.isLowerCase(name.charAt(i - 1))
                        || Character.isDigit(name.charAt(i - 1)));
                boolean endsAcronym = i > 0 && Character.isUpperCase(name.charAt(i - 1)) && i + 1 < name.length()
                        && Character.isLowerCase(name.charAt(i + 1));
                if (afterLowerOrDigit || endsAcronym) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String describe(Method method) {
        return "@Tool method " + method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }
}
