package dev.corvid.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * Command-line options of the form {@code --name value} and {@code --flag}, for the benchmark's mains.
 */
final class Options {

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Parses the arguments; a name followed by another name, or by nothing, is a flag.
     *
     * @throws IllegalArgumentException when an argument is not an option
     */
    static Options parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option such as --runs 1000, got '" + args[i] + "'");
            }
            String name = args[i].substring(2);
            boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
            values.put(name, hasValue ? args[++i] : "true");
        }
        return new Options(values);
    }

    /** Returns whether the flag or option was given. */
    boolean has(String name) {
        return values.containsKey(name);
    }

    String value(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /**
     * Returns the option as a number, or the fallback when absent.
     *
     * @throws IllegalArgumentException when the option is not a number
     */
    int intValue(String name, int fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs a whole number, got '" + value + "'");
        }
    }

    /**
     * Returns the option, which must be given.
     *
     * @throws IllegalArgumentException when it is missing
     */
    String required(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
