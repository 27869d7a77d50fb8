package dev.corvid.tool;

import dev.corvid.model.JacksonRequirement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A fixed set of tools with unique names, and their definitions for the model.
 *
 * <p>Collect tools from objects (their {@link Tool} methods), from classes (their static {@link Tool}
 * methods) and from {@link FunctionTool}s built in code. Schemas are generated here, once; a mistake in a
 * tool method fails here, with a message that says how to fix it. Immutable and thread-safe.
 *
 * <pre>{@code
 * Toolbox tools = Toolbox.of(new WeatherTools(), MathTools.class);
 * }</pre>
 */
public final class Toolbox {

    private static final Toolbox EMPTY = new Toolbox(Map.of());

    private final Map<String, FunctionTool> toolsByName;
    private final List<ToolDefinition> definitions;

    private Toolbox(Map<String, FunctionTool> toolsByName) {
        this.toolsByName = Collections.unmodifiableMap(new LinkedHashMap<>(toolsByName));
        List<ToolDefinition> defs = new ArrayList<>(toolsByName.size());
        toolsByName.values().forEach(tool -> defs.add(tool.definition()));
        this.definitions = List.copyOf(defs);
    }

    /** {@return a toolbox with no tools} */
    public static Toolbox empty() {
        return EMPTY;
    }

    /**
     * {@return a toolbox of the given sources; see {@link Builder#add(Object)}}
     *
     * @param sources objects, classes, function tools and toolboxes; see {@link Builder#add(Object)}
     * @throws IllegalArgumentException when a source is unusable or two tools share a name
     */
    public static Toolbox of(Object... sources) {
        Builder builder = builder();
        for (Object source : sources) {
            builder.add(source);
        }
        return builder.build();
    }

    /**
     * {@return an empty builder}
     *
     * @throws IllegalStateException when the class path's jackson-annotations is too old for Jackson 3, naming it
     */
    public static Builder builder() {
        JacksonRequirement.check();
        return new Builder();
    }

    /** {@return the tools, in the order they were added} */
    public List<FunctionTool> tools() {
        return List.copyOf(toolsByName.values());
    }

    /** {@return the definitions the model is shown, in the order the tools were added; the same list on every call} */
    public List<ToolDefinition> definitions() {
        return definitions;
    }

    /** {@return the tool names, in order} */
    public Set<String> names() {
        return toolsByName.keySet();
    }

    /**
     * {@return the tool with the given name, if there is one}
     *
     * @param name the tool's name
     */
    public Optional<FunctionTool> find(String name) {
        return Optional.ofNullable(toolsByName.get(name));
    }

    /** {@return whether the toolbox holds no tools} */
    public boolean isEmpty() {
        return toolsByName.isEmpty();
    }

    @Override
    public String toString() {
        return "Toolbox" + toolsByName.keySet();
    }

    /** Collects tools, checking names as it goes; not thread-safe. */
    public static final class Builder {
        private final Map<String, FunctionTool> tools = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds tools from a source: a {@link FunctionTool} as it is, a {@link Toolbox}'s tools, a
         * {@code Class} for its static {@link Tool} methods, and any other object for all its {@link Tool}
         * methods.
         *
         * @param source tools from a source: a {@link FunctionTool} as it is, a {@link Toolbox}'s tools, a {@code
         *     Class} for its static {@link Tool} methods, and any other object for all its {@link Tool} methods
         * @return this builder
         * @throws IllegalArgumentException when the source has no tools, a tool method is unusable, or a
         *     name is taken
         */
        public Builder add(Object source) {
            if (source == null) {
                throw new IllegalArgumentException("tool source must not be null");
            }
            if (source instanceof FunctionTool tool) {
                return put(tool);
            }
            if (source instanceof Toolbox toolbox) {
                toolbox.toolsByName.values().forEach(this::put);
                return this;
            }
            AnnotatedTools.from(source).forEach(this::put);
            return this;
        }

        private Builder put(FunctionTool tool) {
            String name = tool.definition().name();
            FunctionTool previous = tools.putIfAbsent(name, tool);
            if (previous != null) {
                throw new IllegalArgumentException("two tools are named '" + name + "' (" + previous + " and " + tool
                        + "); rename one with @Tool(name = \"...\")");
            }
            return this;
        }

        /** {@return the toolbox} */
        public Toolbox build() {
            return tools.isEmpty() ? EMPTY : new Toolbox(tools);
        }
    }
}
