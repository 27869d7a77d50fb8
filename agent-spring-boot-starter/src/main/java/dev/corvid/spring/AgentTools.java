package dev.corvid.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean whose {@link dev.corvid.tool.Tool @Tool} methods the starter's {@code Agent} bean offers the
 * model: put it on a component class or on a {@code @Bean} method.
 *
 * <p>Only marked beans are collected, so tools are never offered by accident; a marked bean without
 * {@code @Tool} methods fails startup, saying which bean it is.
 *
 * <pre>{@code
 * @Component
 * @AgentTools
 * class Weather {
 *     @Tool("Returns the temperature in a city, in degrees Celsius")
 *     double temperature(String city) { ... }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AgentTools {
}
