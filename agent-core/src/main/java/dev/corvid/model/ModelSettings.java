package dev.corvid.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The knobs of a model request: sampling, limits, tool choice, answer format and any provider-specific
 * top-level body fields.
 *
 * <p>Every setting is optional; a null setting is left out of the request so the provider's default
 * applies. Build one with {@link #builder()}, which checks the ranges. Immutable.
 *
 * @param temperature sampling temperature, 0 to 2; null for the provider's default
 * @param topP nucleus sampling mass, 0 to 1; null for the provider's default
 * @param maxTokens the most tokens the model may produce, at least 1; null for the provider's default
 * @param seed a seed for repeatable sampling where the model supports it; null for none
 * @param stop sequences that end the output; never null, usually empty
 * @param toolChoice whether and which tools the model must call; null leaves the field out ({@code auto})
 * @param parallelToolCalls whether the model may call several tools in one turn; null leaves it out
 * @param responseFormat the answer's shape; null for free text
 * @param extraBody further top-level fields of the request body, sent as given ({@code top_k},
 *     {@code enable_thinking}, {@code provider}, ...); never null
 */
public record ModelSettings(Double temperature, Double topP, Integer maxTokens, Long seed, List<String> stop,
                            ToolChoice toolChoice, Boolean parallelToolCalls, ResponseFormat responseFormat,
                            Map<String, Object> extraBody) {

    /** No settings at all: every provider default applies. */
    public static final ModelSettings DEFAULT = builder().build();

    /**
     * Checks ranges and copies the collections.
     *
     * @param temperature sampling temperature, 0 to 2; null for the provider's default
     * @param topP nucleus sampling mass, 0 to 1; null for the provider's default
     * @param maxTokens the most tokens the model may produce, at least 1; null for the provider's default
     * @param seed a seed for repeatable sampling where the model supports it; null for none
     * @param stop sequences that end the output; never null, usually empty
     * @param toolChoice whether and which tools the model must call; null leaves the field out ({@code auto})
     * @param parallelToolCalls whether the model may call several tools in one turn; null leaves it out
     * @param responseFormat the answer's shape; null for free text
     * @param extraBody further top-level fields of the request body, sent as given ({@code top_k}, {@code
     *     enable_thinking}, {@code provider}, ...); never null
     */
    public ModelSettings {
        if (temperature != null && (temperature < 0 || temperature > 2)) {
            throw new IllegalArgumentException("temperature must be between 0 and 2, was " + temperature);
        }
        if (topP != null && (topP < 0 || topP > 1)) {
            throw new IllegalArgumentException("topP must be between 0 and 1, was " + topP);
        }
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
        }
        stop = stop == null ? List.of() : List.copyOf(stop);
        if (extraBody == null || extraBody.isEmpty()) {
            extraBody = Map.of();
        } else {
            extraBody.forEach((key, value) -> {
                if (key == null || key.isBlank() || value == null) {
                    throw new IllegalArgumentException("extra body fields need a name and a non-null value: " + key);
                }
            });
            extraBody = Collections.unmodifiableMap(new LinkedHashMap<>(extraBody));
        }
    }

    /** {@return a builder with every setting unset} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding these settings, to change some of them.
     *
     * @return this builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.temperature = temperature;
        builder.topP = topP;
        builder.maxTokens = maxTokens;
        builder.seed = seed;
        builder.stop = stop;
        builder.toolChoice = toolChoice;
        builder.parallelToolCalls = parallelToolCalls;
        builder.responseFormat = responseFormat;
        builder.extraBody.putAll(extraBody);
        return builder;
    }

    /**
     * {@return these settings with the response format replaced}
     *
     * @param format the response format, or null for plain text
     */
    public ModelSettings withResponseFormat(ResponseFormat format) {
        return new ModelSettings(temperature, topP, maxTokens, seed, stop, toolChoice, parallelToolCalls, format,
                extraBody);
    }

    /**
     * {@return these settings with the tool choice replaced}
     *
     * @param choice the tool choice, or null for the server's default
     */
    public ModelSettings withToolChoice(ToolChoice choice) {
        return new ModelSettings(temperature, topP, maxTokens, seed, stop, choice, parallelToolCalls,
                responseFormat, extraBody);
    }

    /** Builds {@link ModelSettings}; not thread-safe. */
    public static final class Builder {
        private Double temperature;
        private Double topP;
        private Integer maxTokens;
        private Long seed;
        private List<String> stop = List.of();
        private ToolChoice toolChoice;
        private Boolean parallelToolCalls;
        private ResponseFormat responseFormat;
        private final Map<String, Object> extraBody = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets the sampling temperature, 0 to 2.
         *
         * @param value the sampling temperature, 0 to 2
         * @return this builder
         */
        public Builder temperature(double value) {
            this.temperature = value;
            return this;
        }

        /**
         * Sets the nucleus sampling mass, 0 to 1.
         *
         * @param value the nucleus sampling mass, 0 to 1
         * @return this builder
         */
        public Builder topP(double value) {
            this.topP = value;
            return this;
        }

        /**
         * Sets the most tokens the model may produce.
         *
         * @param value the most tokens the model may produce
         * @return this builder
         */
        public Builder maxTokens(int value) {
            this.maxTokens = value;
            return this;
        }

        /**
         * Sets the sampling seed.
         *
         * @param value the sampling seed
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Sets the stop sequences.
         *
         * @param sequences the stop sequences
         * @return this builder
         */
        public Builder stop(List<String> sequences) {
            this.stop = sequences;
            return this;
        }

        /**
         * Sets whether and which tools the model must call.
         *
         * @param choice whether and which tools the model must call
         * @return this builder
         */
        public Builder toolChoice(ToolChoice choice) {
            this.toolChoice = choice;
            return this;
        }

        /**
         * Sets whether the model may call several tools in one turn.
         *
         * @param allowed whether the model may call several tools in one turn
         * @return this builder
         */
        public Builder parallelToolCalls(boolean allowed) {
            this.parallelToolCalls = allowed;
            return this;
        }

        /**
         * Sets the shape of the answer.
         *
         * @param format the shape of the answer
         * @return this builder
         */
        public Builder responseFormat(ResponseFormat format) {
            this.responseFormat = format;
            return this;
        }

        /**
         * Adds a top-level field to the request body, such as {@code top_k} or {@code enable_thinking}. The
         * value is serialised as JSON. A field set here wins over the same field set by Corvid.
         *
         * @param name the field's name in the request body
         * @param value the field's value, turned into JSON
         * @return this builder
         */
        public Builder extraBody(String name, Object value) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("extra body field name must not be blank");
            }
            if (value == null) {
                throw new IllegalArgumentException("extra body field '" + name + "' needs a value; "
                        + "leave the field out to use the provider's default");
            }
            extraBody.put(name, value);
            return this;
        }

        /** {@return the settings, checking every range} */
        public ModelSettings build() {
            return new ModelSettings(temperature, topP, maxTokens, seed, stop, toolChoice, parallelToolCalls,
                    responseFormat, extraBody);
        }
    }
}
