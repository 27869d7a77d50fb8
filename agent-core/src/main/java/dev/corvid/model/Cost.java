package dev.corvid.model;

import java.math.BigDecimal;
import java.util.Currency;

/**
 * An amount of money in one currency, such as what a turn or a run cost.
 *
 * @param amount the amount; never null, never negative
 * @param currency the currency; never null
 */
public record Cost(BigDecimal amount, Currency currency) {

    /** Checks the fields and strips trailing zeros so that equal amounts compare equal. */
    public Cost {
        if (amount == null || currency == null) {
            throw new IllegalArgumentException("a cost needs an amount and a currency");
        }
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("a cost must not be negative, was " + amount);
        }
        amount = amount.signum() == 0 ? BigDecimal.ZERO : amount.stripTrailingZeros();
    }

    /** Returns a cost of the amount in the currency with the given ISO 4217 code, such as {@code "CNY"}. */
    public static Cost of(String amount, String currencyCode) {
        return new Cost(new BigDecimal(amount), Currency.getInstance(currencyCode));
    }

    /** Returns nothing spent, in the currency. */
    public static Cost zero(Currency currency) {
        return new Cost(BigDecimal.ZERO, currency);
    }

    /**
     * Returns the sum.
     *
     * @throws IllegalArgumentException when the currencies differ
     */
    public Cost plus(Cost other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
        return new Cost(amount.add(other.amount), currency);
    }

    /** Returns whether this cost is at least the other, in the same currency. */
    public boolean reaches(Cost other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot compare " + other.currency + " with " + currency);
        }
        return amount.compareTo(other.amount) >= 0;
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }
}
