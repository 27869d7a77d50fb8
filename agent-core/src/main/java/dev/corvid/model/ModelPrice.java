package dev.corvid.model;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;

/**
 * What a model costs per million tokens, in the provider's currency, possibly in tiers by prompt size.
 *
 * <p>A provider may charge more per token once a prompt passes a size: each {@link Tier} applies to
 * prompts of up to {@link Tier#upToPromptTokens()} tokens, the last one to any size. Immutable.
 *
 * @param currency the currency of every price; never null
 * @param tiers the price tiers, ordered by prompt size; never empty
 */
public record ModelPrice(Currency currency, List<Tier> tiers) {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /**
     * The prices for prompts up to a size, per million tokens.
     *
     * @param upToPromptTokens the largest prompt, in tokens, this tier applies to; {@link Long#MAX_VALUE}
     *     for no limit
     * @param input price of prompt tokens
     * @param output price of completion tokens
     * @param cacheRead price of prompt tokens read from the cache; null when the provider charges the input price
     * @param cacheWrite price of prompt tokens written to the cache; null when the provider charges the input price
     */
    public record Tier(long upToPromptTokens, BigDecimal input, BigDecimal output, BigDecimal cacheRead,
                       BigDecimal cacheWrite) {

        /**
         * Checks that the prices are present and not negative.
         *
         * @param upToPromptTokens the largest prompt, in tokens, this tier applies to; {@link Long#MAX_VALUE} for no
         *     limit
         * @param input price of prompt tokens
         * @param output price of completion tokens
         * @param cacheRead price of prompt tokens read from the cache; null when the provider charges the input price
         * @param cacheWrite price of prompt tokens written to the cache; null when the provider charges the input price
         */
        public Tier {
            if (upToPromptTokens < 1) {
                throw new IllegalArgumentException("a tier must cover at least one prompt token");
            }
            if (input == null || output == null) {
                throw new IllegalArgumentException("a tier needs an input and an output price");
            }
            for (BigDecimal price : new BigDecimal[] {input, output, cacheRead, cacheWrite}) {
                if (price != null && price.signum() < 0) {
                    throw new IllegalArgumentException("prices must not be negative, was " + price);
                }
            }
        }
    }

    /**
     * Checks the fields and orders the tiers by prompt size.
     *
     * @param currency the currency every price is in
     * @param tiers the prices by prompt size, smallest bound first
     */
    public ModelPrice {
        if (currency == null || tiers == null || tiers.isEmpty()) {
            throw new IllegalArgumentException("a model price needs a currency and at least one tier");
        }
        List<Tier> sorted = new ArrayList<>(tiers);
        sorted.sort(Comparator.comparingLong(Tier::upToPromptTokens));
        tiers = List.copyOf(sorted);
    }

    /**
     * {@return a single-tier price, per million tokens, without cache prices}
     *
     * @param currencyCode the ISO 4217 code of the currency, such as {@code CNY}
     * @param input the price of one million prompt tokens
     * @param output the price of one million completion tokens
     */
    public static ModelPrice of(String currencyCode, String input, String output) {
        return new ModelPrice(Currency.getInstance(currencyCode), List.of(new Tier(Long.MAX_VALUE,
                new BigDecimal(input), new BigDecimal(output), null, null)));
    }

    /**
     * {@return the tier that applies to a prompt of the given size}
     *
     * @param promptTokens the prompt tokens of one request
     */
    public Tier tierFor(long promptTokens) {
        for (Tier tier : tiers) {
            if (promptTokens <= tier.upToPromptTokens()) {
                return tier;
            }
        }
        return tiers.get(tiers.size() - 1);
    }

    /**
     * {@return what one request with this usage costs, or null when the prompt or completion tokens are
     * unknown} Cached and cache-written prompt tokens are charged at their own prices where known.
     *
     * @param usage the tokens one request used
     */
    public Cost cost(Usage usage) {
        if (!usage.isKnown()) {
            return null;
        }
        Tier tier = tierFor(usage.promptTokens());
        long cached = usage.cachedTokens() == null ? 0 : usage.cachedTokens();
        long written = usage.cacheWriteTokens() == null ? 0 : usage.cacheWriteTokens();
        long regular = Math.max(0, usage.promptTokens() - cached - written);
        BigDecimal total = tier.input().multiply(BigDecimal.valueOf(regular))
                .add(priceOr(tier.cacheRead(), tier.input()).multiply(BigDecimal.valueOf(cached)))
                .add(priceOr(tier.cacheWrite(), tier.input()).multiply(BigDecimal.valueOf(written)))
                .add(tier.output().multiply(BigDecimal.valueOf(usage.completionTokens())));
        return new Cost(total.divide(MILLION, MathContext.DECIMAL64), currency);
    }

    private static BigDecimal priceOr(BigDecimal price, BigDecimal fallback) {
        return price != null ? price : fallback;
    }
}
