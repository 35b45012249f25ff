package io.dotmac.reporting.basic;

import java.math.BigDecimal;
import java.util.Currency;

/** Amounts as reports show them: minor units of an ISO 4217 currency as an exact decimal string. */
public final class Amounts {

    private Amounts() {
    }

    /** {@code minor} units of {@code currency}: 4990 USD is {@code "49.90"}, 500 JPY is {@code "500"}. */
    public static String format(long minor, String currency) {
        return BigDecimal.valueOf(minor, digits(currency)).toPlainString();
    }

    /** The currency's number of decimals (2 for a code Java does not know). */
    public static int digits(String currency) {
        try {
            return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException | NullPointerException e) {
            return 2;
        }
    }
}
