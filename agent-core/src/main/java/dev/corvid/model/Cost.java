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

    /**
     * Checks the fields and strips trailing zeros so that equal amounts compare equal.
     *
     * @param amount the amount; never null, never negative
     * @param currency the currency; never null
     */
    public Cost {
        if (amount == null || currency == null) {
            throw new IllegalArgumentException("a cost needs an amount and a currency");
        }
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("a cost must not be negative, was " + amount);
        }
        amount = amount.signum() == 0 ? BigDecimal.ZERO : amount.stripTrailingZeros();
    }

    /**
     * {@return a cost of the amount in the currency with the given ISO 4217 code, such as {@code "CNY"}}
     *
     * @param amount the amount, as a decimal number such as {@code "0.0125"}
     * @param currencyCode the ISO 4217 code of the currency, such as {@code CNY}
     */
    public static Cost of(String amount, String currencyCode) {
        return new Cost(new BigDecimal(amount), Currency.getInstance(currencyCode));
    }

    /**
     * {@return nothing spent, in the currency}
     *
     * @param currency the currency
     */
    public static Cost zero(Currency currency) {
        return new Cost(BigDecimal.ZERO, currency);
    }

    /**
     * {@return the sum}
     *
     * @param other the cost to add, in the same currency
     * @throws IllegalArgumentException when the currencies differ
     */
    public Cost plus(Cost other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
        return new Cost(amount.add(other.amount), currency);
    }

    /**
     * {@return whether this cost is at least the other, in the same currency}
     *
     * @param other the cost to compare with, in the same currency
     */
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
