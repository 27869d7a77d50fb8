package dev.corvid.model;

/**
 * The tokens one request used, or the sum over several.
 *
 * <p>A count the provider did not report is {@code null}: unknown, not zero. Adding an unknown count to
 * a known one gives unknown, so a total never understates what was spent.
 *
 * @param promptTokens tokens of the request, including cached ones; null when unknown
 * @param completionTokens tokens the model produced, including reasoning; null when unknown
 * @param cachedTokens prompt tokens read from the provider's cache; null when unknown
 * @param cacheWriteTokens prompt tokens written to the provider's cache; null when unknown
 * @param reasoningTokens completion tokens spent on reasoning; null when unknown
 */
public record Usage(Long promptTokens, Long completionTokens, Long cachedTokens, Long cacheWriteTokens,
                    Long reasoningTokens) {

    /** Usage the provider did not report at all. */
    public static final Usage UNKNOWN = new Usage(null, null, null, null, null);

    /** Usage of nothing: the start of a sum. */
    public static final Usage ZERO = new Usage(0L, 0L, 0L, 0L, 0L);

    /**
     * Checks that no count is negative.
     *
     * @param promptTokens tokens of the request, including cached ones; null when unknown
     * @param completionTokens tokens the model produced, including reasoning; null when unknown
     * @param cachedTokens prompt tokens read from the provider's cache; null when unknown
     * @param cacheWriteTokens prompt tokens written to the provider's cache; null when unknown
     * @param reasoningTokens completion tokens spent on reasoning; null when unknown
     */
    public Usage {
        requireNotNegative(promptTokens, "promptTokens");
        requireNotNegative(completionTokens, "completionTokens");
        requireNotNegative(cachedTokens, "cachedTokens");
        requireNotNegative(cacheWriteTokens, "cacheWriteTokens");
        requireNotNegative(reasoningTokens, "reasoningTokens");
    }

    /**
     * {@return usage with only prompt and completion tokens known}
     *
     * @param promptTokens the tokens of the prompt
     * @param completionTokens the tokens of the completion
     */
    public static Usage of(long promptTokens, long completionTokens) {
        return new Usage(promptTokens, completionTokens, null, null, null);
    }

    /** {@return prompt plus completion tokens, or null when either is unknown} */
    public Long totalTokens() {
        return sum(promptTokens, completionTokens);
    }

    /** {@return whether prompt and completion tokens are both known} */
    public boolean isKnown() {
        return promptTokens != null && completionTokens != null;
    }

    /**
     * {@return the field-by-field sum; a field unknown on either side is unknown in the sum}
     *
     * @param other the usage to add
     */
    public Usage plus(Usage other) {
        return new Usage(sum(promptTokens, other.promptTokens), sum(completionTokens, other.completionTokens),
                sum(cachedTokens, other.cachedTokens), sum(cacheWriteTokens, other.cacheWriteTokens),
                sum(reasoningTokens, other.reasoningTokens));
    }

    private static Long sum(Long left, Long right) {
        return left == null || right == null ? null : left + right;
    }

    private static void requireNotNegative(Long value, String name) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }
}
