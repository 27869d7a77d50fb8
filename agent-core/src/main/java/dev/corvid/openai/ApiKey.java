package dev.corvid.openai;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The API key a model sends, and where it comes from, for messages about a refused key. Neither
 * {@link #toString()} nor any message holds the key itself. Thread-safe.
 */
final class ApiKey {

    /** The key, when it is fixed when the model is built; null when it comes from a supplier. */
    private final String fixed;
    private final Supplier<String> supplier;
    private final String origin;

    private ApiKey(String fixed, Supplier<String> supplier, String origin) {
        this.fixed = fixed;
        this.supplier = supplier;
        this.origin = origin;
    }

    /**
     * Picks the key from the builder's settings: a supplier first, then a key, then an environment variable.
     *
     * @return the key; null when none is set, for servers that need none
     * @throws IllegalArgumentException when the key is blank or the variable is not set, saying what to do
     */
    static ApiKey of(Supplier<String> supplier, String key, String variable, Map<String, String> environment,
                     String provider) {
        if (supplier != null) {
            return new ApiKey(null, supplier, "apiKey(Supplier)");
        }
        if (key != null) {
            if (key.isBlank()) {
                throw new IllegalArgumentException("the API key is blank");
            }
            return new ApiKey(key.strip(), null, "apiKey(String)");
        }
        if (variable != null) {
            String value = environment.get(variable);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("the environment variable " + variable
                        + " is not set: set it to your " + (provider == null ? "" : provider + " ") + "API key");
            }
            return new ApiKey(value.strip(), null, "the environment variable " + variable);
        }
        return null;
    }

    /** Returns whether the key may change from one request to the next. */
    boolean rotates() {
        return supplier != null;
    }

    /** Returns the key to send now; null when a supplier has none. */
    String value() {
        return supplier != null ? supplier.get() : fixed;
    }

    /** Returns where the key comes from, such as {@code "the environment variable DASHSCOPE_API_KEY"}. */
    String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "ApiKey[from " + origin + "]";
    }
}
