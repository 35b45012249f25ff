package io.dotmac.billing.basic.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

import io.dotmac.billing.basic.InvoiceLine;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Values;

/**
 * Validates invoice lines and computes their amounts exactly. Each line's net is {@code quantity × unit price} and
 * its tax {@code net × rate / 100}, both rounded half-even to the currency's minor unit; the invoice's subtotal, tax
 * and total are sums of those rounded amounts, so the lines always add up to the totals printed on the invoice.
 */
final class InvoiceLines {

    static final int MAX_LINES = 200;
    static final int MAX_DESCRIPTION = 500;
    static final BigDecimal MAX_QUANTITY = new BigDecimal("1000000");
    static final int QUANTITY_DECIMALS = 3;
    static final int RATE_DECIMALS = 3;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** A validated line in minor units. */
    record Line(String description, BigDecimal quantity, long unitPriceMinor, BigDecimal taxRate, long netMinor,
            long taxMinor) {

        InvoiceLine view(Currency currency) {
            return new InvoiceLine(description, quantity.toPlainString(), Money.amount(unitPriceMinor, currency),
                    taxRate.toPlainString(), Money.amount(netMinor, currency), Money.amount(taxMinor, currency));
        }
    }

    /**
     * The largest invoice total, in major units of its currency ({@value}): far above any real invoice, far below
     * what overflows the 64-bit minor units the amounts are kept in (200 lines of 10^6 × 10^9 once gave a wrong
     * total).
     */
    static final long MAX_TOTAL = 1_000_000_000_000L;

    /** The sums of some lines, in minor units; the arithmetic is checked (an overflow throws, never wraps). */
    record Totals(long subtotal, long tax) {
        long total() {
            return Math.addExact(subtotal, tax);
        }

        static Totals of(List<Line> lines) {
            long net = 0;
            long tax = 0;
            for (Line l : lines) {
                net = Math.addExact(net, l.netMinor());
                tax = Math.addExact(tax, l.taxMinor());
            }
            return new Totals(net, tax);
        }
    }

    private InvoiceLines() {
    }

    /** {@code quantity × unitPrice} in minor units, rounded half-even. */
    static long net(BigDecimal quantity, long unitPriceMinor) {
        return quantity.multiply(BigDecimal.valueOf(unitPriceMinor)).setScale(0, RoundingMode.HALF_EVEN)
                .longValueExact();
    }

    /** {@code net × rate / 100} in minor units, rounded half-even. */
    static long tax(long netMinor, BigDecimal ratePercent) {
        return BigDecimal.valueOf(netMinor).multiply(ratePercent).divide(HUNDRED).setScale(0, RoundingMode.HALF_EVEN)
                .longValueExact();
    }

    /** The validated lines of an invoice (discounts allowed), or errors naming {@code lines[i].field}. */
    static List<Line> validate(List<InvoiceLine.Input> in, Currency currency, List<FieldError> errors) {
        return validate(in, currency, true, errors);
    }

    /**
     * The validated lines, or errors naming {@code lines[i].field}; {@code null} lines is an error. With
     * {@code discounts}, a line may have a negative unit price: a discount, which may not take what is sold at its
     * tax rate below zero (so neither the subtotal, the tax nor the total ever is).
     */
    static List<Line> validate(List<InvoiceLine.Input> in, Currency currency, boolean discounts,
            List<FieldError> errors) {
        List<Line> lines = new ArrayList<>();
        if (in == null || in.isEmpty()) {
            errors.add(new FieldError("lines", "at least one line is required"));
            return lines;
        }
        if (in.size() > MAX_LINES) {
            errors.add(new FieldError("lines", "at most " + MAX_LINES + " lines"));
            return lines;
        }
        for (int i = 0; i < in.size(); i++) {
            String at = "lines[" + i + "]";
            InvoiceLine.Input line = in.get(i);
            if (line == null) {
                errors.add(new FieldError(at, "must be a line object"));
                continue;
            }
            int before = errors.size();
            String description = line.description() == null ? null : line.description().strip();
            if (description == null || description.isEmpty() || description.length() > MAX_DESCRIPTION) {
                errors.add(new FieldError(at + ".description", "is required, at most " + MAX_DESCRIPTION
                        + " characters"));
            }
            BigDecimal quantity = decimal(line.quantity(), at + ".quantity", QUANTITY_DECIMALS, errors);
            if (quantity != null && (quantity.signum() <= 0 || quantity.compareTo(MAX_QUANTITY) > 0)) {
                errors.add(new FieldError(at + ".quantity", "must be more than 0 and at most "
                        + MAX_QUANTITY.toPlainString()));
            }
            long unitPrice = 0;
            if (line.unitPrice() == null) {
                errors.add(new FieldError(at + ".unitPrice", "is required, as a decimal string such as \"19.99\""));
            } else {
                unitPrice = discounts ? Money.signedMinorUnits(line.unitPrice(), currency, at + ".unitPrice", errors)
                        : Money.minorUnits(line.unitPrice(), currency, at + ".unitPrice", errors);
            }
            BigDecimal rate = decimal(line.taxRate(), at + ".taxRate", RATE_DECIMALS, errors);
            if (rate != null && (rate.signum() < 0 || rate.compareTo(HUNDRED) > 0)) {
                errors.add(new FieldError(at + ".taxRate", "must be a percentage from 0 to 100"));
            }
            if (errors.size() == before) {
                BigDecimal q = quantity.stripTrailingZeros();
                BigDecimal r = rate.stripTrailingZeros();
                long net = net(q, unitPrice);
                lines.add(new Line(description, q.scale() < 0 ? q.setScale(0) : q, unitPrice,
                        r.scale() < 0 ? r.setScale(0) : r, net, tax(net, r)));
            }
        }
        if (errors.isEmpty() && discounts) {
            // a discount lowers what is sold at its own rate; it cannot make a rate's sum (and the totals) negative
            java.util.Map<BigDecimal, Long> perRate = new java.util.TreeMap<>();
            for (Line l : lines) {
                perRate.merge(l.taxRate(), l.netMinor(), Long::sum);
            }
            perRate.forEach((rate, net) -> {
                if (net < 0) {
                    errors.add(new FieldError("lines", "the discounts at " + rate.toPlainString() + " % exceed what "
                            + "is sold at that rate by " + Money.amount(-net, currency) + " "
                            + currency.getCurrencyCode()));
                }
            });
        }
        if (errors.isEmpty()) {
            BigDecimal total = BigDecimal.ZERO;
            for (Line l : lines) {
                total = total.add(BigDecimal.valueOf(l.netMinor())).add(BigDecimal.valueOf(l.taxMinor()));
            }
            if (total.movePointLeft(Money.digits(currency)).compareTo(BigDecimal.valueOf(MAX_TOTAL)) > 0) {
                errors.add(new FieldError("lines", "the invoice's total must be at most " + MAX_TOTAL + " "
                        + currency.getCurrencyCode()));
            }
        }
        return lines;
    }

    /** A tax rate: a percentage from 0 to 100 with at most {@value #RATE_DECIMALS} decimals, or an error. */
    static BigDecimal rate(String value, String field, List<FieldError> errors) {
        BigDecimal rate = decimal(value, field, RATE_DECIMALS, errors);
        if (rate != null && (rate.signum() < 0 || rate.compareTo(HUNDRED) > 0)) {
            errors.add(new FieldError(field, "must be a percentage from 0 to 100"));
            return null;
        }
        return rate == null ? null : plain(rate);
    }

    /** {@code d} without trailing zeros, and never in exponent form ({@code 20}, not {@code 2E+1}). */
    static BigDecimal plain(BigDecimal d) {
        BigDecimal stripped = d.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static BigDecimal decimal(String value, String field, int maxDecimals, List<FieldError> errors) {
        BigDecimal d = Values.decimal(value, field, errors);
        if (d != null && d.stripTrailingZeros().scale() > maxDecimals) {
            errors.add(new FieldError(field, "must have at most " + maxDecimals + " decimals"));
            return null;
        }
        return d;
    }
}
