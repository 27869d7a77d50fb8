package dev.corvid.tool;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedArrayType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Checks bound arguments against their Jakarta constraints with Hibernate Validator.
 *
 * <p>Created only for methods that have constraints somewhere in their parameters, so that agents whose
 * tools have none never start the validator. Values of record and bean types are validated in depth even
 * without {@code @Valid}, because a model's nested mistakes deserve the same report as flat ones.
 */
final class ArgumentValidation {

    /** Starts Hibernate Validator on first use; no Expression Language needed. */
    private static final class Holder {
        /** Held so the level sticks: the validator's version banner is noise in an application's log. */
        static final java.util.logging.Logger BANNER = quiet("org.hibernate.validator.internal.util.Version");
        static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory()
                .getValidator();

        private static java.util.logging.Logger quiet(String name) {
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
            if (logger.getLevel() == null) {
                logger.setLevel(java.util.logging.Level.WARNING);
            }
            return logger;
        }
    }

    /** How deep {@link #cascade} may go: a guard against values that contain themselves. */
    private static final int MAX_DEPTH = 32;

    /**
     * The fields of a bean type that {@link #cascade} enters: not static, without {@code @Valid} (which the
     * validator enters itself), of a type that may hold beans and with constraints somewhere inside, and
     * readable. Worked out once per type rather than on every call of a tool.
     */
    private static final ClassValue<List<Field>> CASCADED = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> bean) {
            List<Field> fields = new ArrayList<>();
            for (Class<?> type = bean; type != null && type != Object.class; type = type.getSuperclass()) {
                for (Field field : type.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers()) || field.isAnnotationPresent(Valid.class)
                            || isSimple(field.getType()) && !Iterable.class.isAssignableFrom(field.getType())
                            && !java.util.Map.class.isAssignableFrom(field.getType())
                            && field.getType() != java.util.Optional.class
                            || !hasConstraints(field.getGenericType(), new HashSet<>())
                            || !field.trySetAccessible()) {
                        continue;
                    }
                    fields.add(field);
                }
            }
            return List.copyOf(fields);
        }
    };

    private final String[] names;
    private final boolean[] deepValidate;
    private final boolean isStatic;

    private ArgumentValidation(String[] names, boolean[] deepValidate, boolean isStatic) {
        this.names = names;
        this.deepValidate = deepValidate;
        this.isStatic = isStatic;
    }

    /**
     * Returns the validation for a method, or null when nothing in its parameters carries a constraint.
     *
     * @param names the schema name of each parameter, by position
     */
    static ArgumentValidation forMethod(Method method, String[] names) {
        Parameter[] parameters = method.getParameters();
        boolean[] deep = new boolean[parameters.length];
        boolean any = false;
        for (int i = 0; i < parameters.length; i++) {
            Parameter parameter = parameters[i];
            any |= hasConstraint(parameter) || hasConstraint(parameter.getAnnotatedType());
            boolean bean = hasConstraints(parameter.getParameterizedType(), new HashSet<>());
            deep[i] = bean && !parameter.isAnnotationPresent(Valid.class);
            any |= bean;
        }
        return any ? new ArgumentValidation(names, deep, Modifier.isStatic(method.getModifiers())) : null;
    }

    /** Returns whether a bean type carries constraints anywhere in its fields. */
    static boolean isConstrained(Class<?> type) {
        return hasConstraints(type, new HashSet<>());
    }

    /**
     * Validates a bean in depth, the beans in its fields included as for tool arguments, returning a line
     * per violated constraint.
     */
    static List<String> validateBean(Object bean) {
        ArgumentValidation noParameters = new ArgumentValidation(new String[0], new boolean[0], true);
        Set<String> problems = new LinkedHashSet<>();
        noParameters.validateDeep(Holder.VALIDATOR, "", bean, problems, 0);
        List<String> lines = new ArrayList<>(problems.size());
        for (String problem : problems) {
            lines.add(problem.replace("argument '.", "field '"));
        }
        return lines;
    }

    /** Returns a line per violated constraint, naming the argument path, the rule and the value. */
    List<String> validate(Object target, Method method, Object[] values) {
        Validator validator = Holder.VALIDATOR;
        Set<String> problems = new LinkedHashSet<>();
        if (!isStatic) {
            for (ConstraintViolation<Object> violation
                    : validator.forExecutables().validateParameters(target, method, values)) {
                problems.add(describe(null, violation));
            }
        }
        for (int i = 0; i < values.length; i++) {
            if (deepValidate[i] || isStatic) {
                validateDeep(validator, names[i], values[i], problems, 0);
            }
        }
        return new ArrayList<>(problems);
    }

    /** Validates a bean, or each bean inside a collection, map, array or optional, naming its place. */
    private void validateDeep(Validator validator, String place, Object value, Set<String> problems, int depth) {
        if (value == null || isSimple(value.getClass()) && !(value instanceof Iterable<?>)
                && !(value instanceof java.util.Map<?, ?>) && !(value instanceof java.util.Optional<?>)) {
            return;
        }
        if (value instanceof java.util.Optional<?> optional) {
            validateDeep(validator, place, optional.orElse(null), problems, depth);
        } else if (value instanceof java.util.Map<?, ?> map) {
            map.forEach((key, element) -> validateDeep(validator, place + "[" + key + "]", element, problems, depth));
        } else if (value instanceof Iterable<?> elements) {
            int index = 0;
            for (Object element : elements) {
                validateDeep(validator, place + "[" + index++ + "]", element, problems, depth);
            }
        } else if (value instanceof Object[] array) {
            for (int index = 0; index < array.length; index++) {
                validateDeep(validator, place + "[" + index + "]", array[index], problems, depth);
            }
        } else if (!value.getClass().isArray()) {
            for (ConstraintViolation<Object> violation : validator.validate(value)) {
                problems.add(describe(place, violation));
            }
            cascade(validator, place, value, problems, depth);
        }
    }

    /**
     * Validates the beans a bean holds in fields without {@code @Valid}, which Hibernate Validator would not
     * enter, so that a record inside a record is checked like the outer one; {@code depth} counts the beans
     * entered on the way here.
     */
    private void cascade(Validator validator, String place, Object bean, Set<String> problems, int depth) {
        if (depth >= MAX_DEPTH) {
            return;
        }
        for (Field field : CASCADED.get(bean.getClass())) {
            Object nested;
            try {
                nested = field.get(bean);
            } catch (IllegalAccessException unreadable) {
                continue;
            }
            validateDeep(validator, place + "." + field.getName(), nested, problems, depth + 1);
        }
    }

    private String describe(String root, ConstraintViolation<Object> violation) {
        StringBuilder path = new StringBuilder(root == null ? "" : root);
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                path.append(names[node.as(Path.ParameterNode.class).getParameterIndex()]);
                continue;
            }
            if (node.isInIterable()) {
                Object position = node.getIndex() != null ? node.getIndex() : node.getKey();
                if (position != null) {
                    path.append('[').append(position).append(']');
                }
            }
            if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
                path.append('.').append(node.getName());
            }
        }
        Object value = violation.getInvalidValue();
        String shown = value == null ? "null"
                : value instanceof CharSequence ? "\"" + ToolJson.abbreviate(value.toString()) + "\""
                : isSimple(value.getClass()) ? value.toString() : null;
        return "argument '" + path + "' " + violation.getMessage() + (shown == null ? "" : " (got " + shown + ")");
    }

    private static boolean isSimple(Class<?> type) {
        return type.isPrimitive() || type.isEnum() || CharSequence.class.isAssignableFrom(type)
                || Number.class.isAssignableFrom(type) || type == Boolean.class || type == Character.class
                || type.getName().startsWith("java.");
    }

    private static boolean hasConstraint(AnnotatedElement element) {
        for (Annotation annotation : element.getAnnotations()) {
            if (annotation instanceof Valid || annotation.annotationType().isAnnotationPresent(Constraint.class)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasConstraint(AnnotatedType type) {
        if (hasConstraint((AnnotatedElement) type)) {
            return true;
        }
        if (type instanceof AnnotatedParameterizedType parameterized) {
            for (AnnotatedType argument : parameterized.getAnnotatedActualTypeArguments()) {
                if (hasConstraint(argument)) {
                    return true;
                }
            }
        }
        return type instanceof AnnotatedArrayType array && hasConstraint(array.getAnnotatedGenericComponentType());
    }

    /** Returns whether a type, its type arguments or its element type carry constraints, however deep. */
    private static boolean hasConstraints(java.lang.reflect.Type type, Set<Class<?>> seen) {
        if (type instanceof java.lang.reflect.ParameterizedType parameterized) {
            for (java.lang.reflect.Type argument : parameterized.getActualTypeArguments()) {
                if (hasConstraints(argument, seen)) {
                    return true;
                }
            }
            return hasConstraints(parameterized.getRawType(), seen);
        }
        if (type instanceof java.lang.reflect.GenericArrayType array) {
            return hasConstraints(array.getGenericComponentType(), seen);
        }
        return type instanceof Class<?> raw && hasConstraints(raw, seen);
    }

    /** Returns whether a bean type has constraints on any of its fields, however deep. */
    private static boolean hasConstraints(Class<?> type, Set<Class<?>> seen) {
        if (type.isArray()) {
            return hasConstraints(type.getComponentType(), seen);
        }
        if (isSimple(type) || !seen.add(type)) {
            return false;
        }
        if (hasConstraint(type)) {
            return true;
        }
        for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
            for (Field field : current.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                if (hasConstraint(field) || hasConstraint(field.getAnnotatedType())
                        || hasConstraints(field.getGenericType(), seen)) {
                    return true;
                }
            }
        }
        return false;
    }
}
