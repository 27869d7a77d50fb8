package dev.corvid.tool;

import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaBuilder;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Negative;
import jakarta.validation.constraints.NegativeOrZero;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes JSON schemas (draft 2020-12) from Java types with victools, Jackson and Jakarta validation.
 *
 * <p>A type used once is inlined; a type used twice or recursively lands in {@code $defs}. Constraints on
 * record components and fields come from the Jakarta module; constraints written on a method parameter
 * itself are added here, because the generator only sees types.
 */
final class ToolSchemas {

    /**
     * The schema types of the scalar Java types, exactly as the generator writes them. Tools whose parameters
     * are all scalars get their schema without the generator, which is then never loaded: it costs a cold
     * JVM a tenth of a second or more.
     */
    private static final Map<Class<?>, String> SCALARS = Map.ofEntries(
            Map.entry(String.class, "string"),
            Map.entry(boolean.class, "boolean"), Map.entry(Boolean.class, "boolean"),
            Map.entry(int.class, "integer"), Map.entry(Integer.class, "integer"),
            Map.entry(long.class, "integer"), Map.entry(Long.class, "integer"),
            Map.entry(short.class, "integer"), Map.entry(Short.class, "integer"),
            Map.entry(BigInteger.class, "integer"),
            Map.entry(double.class, "number"), Map.entry(Double.class, "number"),
            Map.entry(float.class, "number"), Map.entry(Float.class, "number"),
            Map.entry(BigDecimal.class, "number"));

    /** The generator, made on first use. */
    private static final class Generator {
        static final SchemaGenerator INSTANCE = createGenerator();
    }

    private ToolSchemas() {
    }

    private static SchemaGenerator createGenerator() {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12,
                OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(JacksonOption.RESPECT_JSONPROPERTY_REQUIRED,
                        JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE))
                .with(new JakartaValidationModule(JakartaValidationOption.NOT_NULLABLE_FIELD_IS_REQUIRED,
                        JakartaValidationOption.INCLUDE_PATTERN_EXPRESSIONS))
                .with(Option.FLATTENED_OPTIONALS, Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        config.forFields().withDescriptionResolver(field -> {
            ToolParam param = field.getAnnotationConsideringFieldAndGetter(ToolParam.class);
            return param == null || param.value().isEmpty() ? null : param.value();
        });
        // A primitive cannot be null, so the model must always send it.
        config.forFields().withRequiredCheck(field -> field.getType() != null
                && field.getType().getErasedType().isPrimitive());
        config.forFields().withPropertyNameOverrideResolver(field -> {
            ToolParam param = field.getAnnotationConsideringFieldAndGetter(ToolParam.class);
            return param == null || param.name().isEmpty() ? null : param.name();
        });
        return new SchemaGenerator(config.build());
    }

    /** A parameter as it appears in the schema. */
    record Property(String name, Type type, Parameter parameter, String description, boolean required) {
    }

    /** Returns the object schema of a tool's parameters. */
    static ObjectNode objectSchema(List<Property> properties) {
        SchemaBuilder builder = null;
        ObjectNode schema = ToolJson.MAPPER.createObjectNode();
        schema.put("type", "object");
        ObjectNode props = schema.putObject("properties");
        var required = ToolJson.MAPPER.createArrayNode();
        for (Property property : properties) {
            String scalar = property.type() instanceof Class<?> type ? SCALARS.get(type) : null;
            if (scalar != null) {
                props.putObject(property.name()).put("type", scalar);
            } else {
                if (builder == null) {
                    builder = Generator.INSTANCE.buildMultipleSchemaDefinitions();
                }
                props.set(property.name(), builder.createSchemaReference(property.type()));
            }
            if (property.required()) {
                required.add(property.name());
            }
        }
        // References are filled in only when the definitions are collected, so annotate them afterwards.
        ObjectNode definitions = builder == null ? null : builder.collectDefinitions("$defs");
        for (Property property : properties) {
            ObjectNode node = (ObjectNode) props.get(property.name());
            if (property.parameter() != null) {
                addParameterConstraints(node, property.parameter());
            }
            if (!property.description().isEmpty()) {
                node.put("description", property.description());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        if (definitions != null && !definitions.isEmpty()) {
            schema.set("$defs", definitions);
        }
        return schema;
    }

    /** Returns the schema of one type, as a standalone document (for structured output). */
    static ObjectNode typeSchema(Type type) {
        return Generator.INSTANCE.generateSchema(type);
    }

    private static void addParameterConstraints(ObjectNode node, Parameter parameter) {
        Class<?> type = parameter.getType();
        if (type == java.util.Optional.class) {
            type = Object.class;
        }
        boolean isString = CharSequence.class.isAssignableFrom(type);
        boolean isArray = type.isArray() || java.util.Collection.class.isAssignableFrom(type);
        boolean isObject = java.util.Map.class.isAssignableFrom(type);
        if (parameter.isAnnotationPresent(NotBlank.class) || parameter.isAnnotationPresent(NotEmpty.class)) {
            if (isString) {
                node.put("minLength", 1);
            } else if (isArray) {
                node.put("minItems", 1);
            } else if (isObject) {
                node.put("minProperties", 1);
            }
        }
        Size size = parameter.getAnnotation(Size.class);
        if (size != null) {
            String min = isString ? "minLength" : isArray ? "minItems" : isObject ? "minProperties" : null;
            String max = isString ? "maxLength" : isArray ? "maxItems" : isObject ? "maxProperties" : null;
            if (min != null && size.min() > 0) {
                node.put(min, size.min());
            }
            if (max != null && size.max() < Integer.MAX_VALUE) {
                node.put(max, size.max());
            }
        }
        Min min = parameter.getAnnotation(Min.class);
        if (min != null) {
            node.put("minimum", min.value());
        }
        Max max = parameter.getAnnotation(Max.class);
        if (max != null) {
            node.put("maximum", max.value());
        }
        DecimalMin decimalMin = parameter.getAnnotation(DecimalMin.class);
        if (decimalMin != null) {
            node.put(decimalMin.inclusive() ? "minimum" : "exclusiveMinimum", new BigDecimal(decimalMin.value()));
        }
        DecimalMax decimalMax = parameter.getAnnotation(DecimalMax.class);
        if (decimalMax != null) {
            node.put(decimalMax.inclusive() ? "maximum" : "exclusiveMaximum", new BigDecimal(decimalMax.value()));
        }
        if (parameter.isAnnotationPresent(Positive.class)) {
            node.put("exclusiveMinimum", 0);
        }
        if (parameter.isAnnotationPresent(PositiveOrZero.class)) {
            node.put("minimum", 0);
        }
        if (parameter.isAnnotationPresent(Negative.class)) {
            node.put("exclusiveMaximum", 0);
        }
        if (parameter.isAnnotationPresent(NegativeOrZero.class)) {
            node.put("maximum", 0);
        }
        Pattern pattern = parameter.getAnnotation(Pattern.class);
        if (pattern != null && isString) {
            node.put("pattern", pattern.regexp());
        }
        if (parameter.isAnnotationPresent(Email.class) && isString) {
            node.put("format", "email");
        }
    }
}
