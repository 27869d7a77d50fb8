package dev.corvid.tool;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a tool the model can call.
 *
 * <p>The tool's name is {@link #name()}, or the method's name in snake_case ({@code readFile} becomes
 * {@code read_file}). Its parameters become the tool's JSON schema; describe them with
 * {@link ToolParam}. A parameter of type {@link ToolContext} is filled in by the agent and is not shown
 * to the model. The return value goes back to the model: a {@code String} as it is, {@code void} as a
 * short confirmation, anything else as JSON. An exception thrown by the method goes back as an error
 * message, and the run goes on.
 *
 * <pre>{@code
 * @Tool("Returns the current weather in a city")
 * String weather(@ToolParam("the city, e.g. Paris") String city) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Tool {

    /**
     * What the tool does, for the model; say when to use it and what it returns.
     *
     * @return what the tool does, as the model reads it
     */
    String value() default "";

    /**
     * The tool's name, matching {@code ^[a-zA-Z0-9_-]{1,64}$}; empty for the method name in snake_case.
     *
     * @return the tool's name; empty for the method's name in snake_case
     */
    String name() default "";
}
