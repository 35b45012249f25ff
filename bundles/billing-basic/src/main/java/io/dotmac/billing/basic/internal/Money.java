package io.dotmac.billing.basic.internal;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Values;

/**
 * Money as billing keeps it: a {@code long} of minor units of an ISO 4217 currency (cents for USD, yen for JPY, fils
 * for BHD), and as the API shows it: an exact decimal string with the currency's number of decimals. Never floating
 * point.
 */
final class Money {

    /** The largest single price or amount accepted. */
    static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");

    private Money() {
    }

    static int digits(Currency currency) {
        return Math.max(0, currency.getDefaultFractionDigits());
    }

    /**
     * A non-negative amount of {@code currency} in minor units; the errors name {@code field}. Returns 0 after
     * adding an error.
     */
    static long minorUnits(String amount, Currency currency, String field, List<FieldError> errors) {
        BigDecimal value = Values.decimal(amount, field, errors);
        if (value == null) {
            return 0;
        }
        int digits = digits(currency);
        if (value.signum() < 0) {
            errors.add(new FieldError(field, "must not be negative"));
        } else if (value.compareTo(MAX_AMOUNT) > 0) {
            errors.add(new FieldError(field, "must be at most " + MAX_AMOUNT.toPlainString()));
        } else if (value.stripTrailingZeros().scale() > digits) {
            errors.add(new FieldError(field, "must have at most " + digits + " decimals in " + currency));
        } else {
            return value.movePointRight(digits).longValueExact();
        }
        return 0;
    }

    /**
     * An amount of {@code currency} in minor units that may be negative (a discount's unit price), bounded like
     * {@link #minorUnits} either way.
     */
    static long signedMinorUnits(String amount, Currency currency, String field, List<FieldError> errors) {
        String s = amount == null ? null : amount.strip();
        if (s != null && s.startsWith("-")) {
            return -minorUnits(s.substring(1), currency, field, errors);
        }
        return minorUnits(amount, currency, field, errors);
    }

    /** {@code minor} units of {@code currency} as a decimal string: 4990 USD is {@code "49.90"}. */
    static String amount(long minor, Currency currency) {
        return BigDecimal.valueOf(minor, digits(currency)).toPlainString();
    }

    /** The ISO 4217 currency {@code code}, or {@code null} after an error naming {@code currency}. */
    static Currency currency(String code, List<FieldError> errors) {
        Optional<Currency> currency = Values.currency(code);
        if (currency.isEmpty()) {
            errors.add(new FieldError("currency", "must be an ISO 4217 currency code such as USD or EUR"));
        }
        return currency.orElse(null);
    }
}
