package dev.corvid.tool;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes a parameter of a {@link Tool} method, or a field of a type used as a parameter.
 *
 * <p>A parameter is required unless it is an {@code Optional}, is annotated with any annotation named
 * {@code Nullable}, or says {@code required = false}; the model may then leave it out and the method gets
 * {@code null}, {@code Optional.empty()} or a primitive's zero.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface ToolParam {

    /**
     * What the parameter means, for the model.
     *
     * @return what the model is told about the parameter; empty for nothing
     */
    String value() default "";

    /**
     * The parameter's name in the schema; empty for the Java name (which needs {@code -parameters}).
     *
     * @return the parameter's name in the schema; empty for the Java parameter's name
     */
    String name() default "";

    /**
     * Whether the model must give this parameter.
     *
     * @return whether the model must send the parameter
     */
    boolean required() default true;
}
