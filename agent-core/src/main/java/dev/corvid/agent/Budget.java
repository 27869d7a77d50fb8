package dev.corvid.agent;

import dev.corvid.model.Cost;
import dev.corvid.model.ModelPrice;
import java.util.List;

/**
 * The most a run may spend, in tokens, in money, or both: once a turn takes the run to the limit, the run
 * ends with {@link RunOutcome#BUDGET_EXCEEDED} before it sends another request.
 *
 * <p>Turns whose usage the provider did not report count nothing, since nothing is known of them.
 *
 * @param maxTokens the most prompt plus completion tokens over all turns; null for no token limit
 * @param maxCost the most money over all turns, which needs the agent to know the model's price; null
 *     for no money limit
 */
public record Budget(Long maxTokens, Cost maxCost) {

    /**
     * Checks that at least one limit is given and none is zero or less.
     *
     * @param maxTokens the most prompt plus completion tokens over all turns; null for no token limit
     * @param maxCost the most money over all turns, which needs the agent to know the model's price; null for no money
     *     limit
     */
    public Budget {
        if (maxTokens == null && maxCost == null) {
            throw new IllegalArgumentException("a budget needs a token limit, a money limit, or both");
        }
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("a token budget must be at least 1, was " + maxTokens);
        }
        if (maxCost != null && maxCost.amount().signum() <= 0) {
            throw new IllegalArgumentException("a money budget must be positive, was " + maxCost);
        }
    }

    /**
     * {@return a budget of tokens}
     *
     * @param maxTokens the most prompt plus completion tokens over all turns
     */
    public static Budget tokens(long maxTokens) {
        return new Budget(maxTokens, null);
    }

    /**
     * {@return a budget of money, such as {@code Budget.money(Cost.of("0.50", "CNY"))}}
     *
     * @param maxCost the most the run may cost, in its model's currency
     */
    public static Budget money(Cost maxCost) {
        return new Budget(null, maxCost);
    }

    /** Checks that a money budget can be kept: the model's price must be known and in the same currency. */
    void requireUsableWith(ModelPrice price) {
        if (maxCost == null) {
            return;
        }
        if (price == null) {
            throw new IllegalArgumentException("a money budget needs the model's price: call price(...), e.g. "
                    + "with PriceTable.bundled().price(provider, model)");
        }
        if (!price.currency().equals(maxCost.currency())) {
            throw new IllegalArgumentException("the budget is in " + maxCost.currency()
                    + " but the model is priced in " + price.currency());
        }
    }

    /** Returns why turns that used so much have spent this budget, or null while they have not. */
    String spentBy(List<TurnUsage> perTurn) {
        long tokens = 0;
        Cost spent = null;
        for (TurnUsage turn : perTurn) {
            if (turn.usage().isKnown()) {
                tokens += turn.usage().totalTokens();
            }
            if (turn.cost() != null) {
                spent = spent == null ? turn.cost() : spent.plus(turn.cost());
            }
        }
        if (maxTokens != null && tokens >= maxTokens) {
            return "the run used " + tokens + " tokens of its budget of " + maxTokens;
        }
        if (maxCost != null && spent != null && spent.reaches(maxCost)) {
            return "the run cost " + spent + " of its budget of " + maxCost;
        }
        return null;
    }
}
