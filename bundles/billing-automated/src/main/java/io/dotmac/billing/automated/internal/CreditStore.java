package io.dotmac.billing.automated.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dotmac.billing.automated.BillingCredit;
import io.dotmac.billing.basic.RecurringBilling.Charge;
import io.dotmac.billing.basic.RecurringBilling.IssuedCharge;
import io.dotmac.billing.basic.RecurringBilling.Line;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.ValidationException;

/**
 * Credits for subscriptions' next invoices (table {@code dotmac_billing_credit}): added once per key, put on the
 * first invoice a run makes for the subscription, whole or not at all (one that would take the invoice below zero
 * waits for the next).
 */
final class CreditStore {

    private static final String COLUMNS = "id, subscription_id, credit_key, description, amount_minor, currency, "
            + "invoice_id, created_at";

    private CreditStore() {
    }

    /** A waiting credit as a run uses it. */
    record Pending(String id, String subscriptionId, String description, long amountMinor) {
    }

    /** {@code input} checked: every field at fault named; the amount in minor units of {@code currency}. */
    static long validate(BillingCredit.Input input, Currency currency) {
        List<FieldError> errors = new ArrayList<>();
        if (input == null) {
            throw new ValidationException("subscriptionId", "is required");
        }
        if (input.subscriptionId() == null || input.subscriptionId().isBlank()) {
            errors.add(new FieldError("subscriptionId", "is required"));
        }
        if (input.key() == null || input.key().isBlank() || input.key().length() > 200) {
            errors.add(new FieldError("key", "must be 1 to 200 characters"));
        }
        if (input.description() == null || input.description().isBlank() || input.description().length() > 200
                || input.description().chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("description", "must be one line of 1 to 200 characters"));
        }
        long minor = 0;
        try {
            BigDecimal amount = new BigDecimal(input.amount() == null ? "" : input.amount());
            int digits = Math.max(0, currency.getDefaultFractionDigits());
            if (amount.signum() <= 0 || amount.stripTrailingZeros().scale() > digits) {
                errors.add(new FieldError("amount", "must be positive with at most " + digits + " decimals"));
            } else {
                minor = amount.movePointRight(digits).longValueExact();
            }
        } catch (NumberFormatException | ArithmeticException e) {
            errors.add(new FieldError("amount", "must be a decimal number such as 12.50"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return minor;
    }

    /** The credit of {@code key}, if one was added. */
    static BillingCredit byKey(Connection c, TenantRef tenant, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM dotmac_billing_credit "
                + "WHERE tenant_id = ? AND credit_key = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? read(rs) : null;
            }
        }
    }

    static BillingCredit insert(Connection c, TenantRef tenant, BillingCredit.Input input, long minor,
            Currency currency, Instant now) throws SQLException {
        String id = Ids.next();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_billing_credit (tenant_id, " + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)")) {
            s.setString(1, tenant.id());
            s.setString(2, id);
            s.setString(3, input.subscriptionId().strip());
            s.setString(4, input.key());
            s.setString(5, input.description().strip());
            s.setLong(6, minor);
            s.setString(7, currency.getCurrencyCode());
            s.setTimestamp(8, Timestamp.from(now));
            s.executeUpdate();
        }
        return byKey(c, tenant, input.key());
    }

    static List<BillingCredit> list(Connection c, TenantRef tenant, String subscriptionId) throws SQLException {
        List<BillingCredit> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM dotmac_billing_credit "
                + "WHERE tenant_id = ?" + (subscriptionId == null ? "" : " AND subscription_id = ?")
                + " ORDER BY created_at DESC, id DESC")) {
            s.setString(1, tenant.id());
            if (subscriptionId != null) {
                s.setString(2, subscriptionId);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
        }
        return out;
    }

    private static BillingCredit read(ResultSet rs) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString(6));
        return new BillingCredit(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                BigDecimal.valueOf(rs.getLong(5), Math.max(0, currency.getDefaultFractionDigits())).toPlainString(),
                currency.getCurrencyCode(), rs.getString(7), rs.getTimestamp(8).toInstant());
    }

    /** The waiting credits of {@code subscriptionIds}, oldest first, locked until the transaction ends. */
    static List<Pending> lockPending(Connection c, TenantRef tenant, Collection<String> subscriptionIds)
            throws SQLException {
        List<Pending> out = new ArrayList<>();
        if (subscriptionIds.isEmpty()) {
            return out;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT id, subscription_id, description, amount_minor FROM "
                + "dotmac_billing_credit WHERE tenant_id = ? AND invoice_id IS NULL AND subscription_id IN ("
                + "?, ".repeat(subscriptionIds.size() - 1) + "?) ORDER BY created_at, id FOR UPDATE")) {
            s.setString(1, tenant.id());
            int i = 2;
            for (String id : subscriptionIds) {
                s.setString(i++, id);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
        }
        return out;
    }

    /**
     * {@code charges} with the waiting credits on each subscription's first charge, at that charge's first line's tax
     * rate; a credit that would take the charge below zero is left for a later invoice. {@code applied} receives,
     * per charge put in the answer, the ids of the credits it carries.
     */
    static List<Charge> apply(List<Charge> charges, List<Pending> pending, Map<Charge, List<String>> applied) {
        Map<String, List<Pending>> bySubscription = new LinkedHashMap<>();
        for (Pending p : pending) {
            bySubscription.computeIfAbsent(p.subscriptionId(), k -> new ArrayList<>()).add(p);
        }
        List<Charge> out = new ArrayList<>(charges.size());
        for (Charge charge : charges) {
            List<Pending> credits = bySubscription.remove(charge.subscriptionId());
            if (credits == null || charge.lines().isEmpty()) {
                out.add(charge);
                continue;
            }
            List<Line> lines = new ArrayList<>(charge.lines());
            List<String> ids = new ArrayList<>();
            BigDecimal rate = charge.lines().get(0).taxRate();
            for (Pending p : credits) {
                lines.add(new Line(p.description(), -p.amountMinor(), rate));
                if (negative(lines)) {
                    lines.remove(lines.size() - 1); // waits whole for an invoice it fits on
                } else {
                    ids.add(p.id());
                }
            }
            Charge with = new Charge(charge.subscriptionId(), charge.customerId(), charge.periodStart(),
                    charge.periodEnd(), lines, charge.settledChanges());
            out.add(with);
            if (!ids.isEmpty()) {
                applied.put(with, ids);
            }
        }
        return out;
    }

    private static boolean negative(List<Line> lines) {
        long net = 0;
        long tax = 0;
        for (Line l : lines) {
            net += l.amountMinor();
            tax += Charges.tax(l.amountMinor(), l.taxRate());
        }
        return net < 0 || tax < 0;
    }

    /** Marks the credits of each issued charge as invoiced. */
    static void invoiced(Connection c, TenantRef tenant, Map<Charge, List<String>> applied, List<IssuedCharge> issued)
            throws SQLException {
        if (applied.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_billing_credit SET invoice_id = ? "
                + "WHERE tenant_id = ? AND id = ? AND invoice_id IS NULL")) {
            for (Map.Entry<Charge, List<String>> e : applied.entrySet()) {
                Charge charge = e.getKey();
                IssuedCharge invoice = issued.stream().filter(i -> i.subscriptionId().equals(charge.subscriptionId())
                        && i.periodStart().equals(charge.periodStart())).findFirst().orElseThrow(
                                () -> new IllegalStateException("no invoice for the charge of subscription "
                                        + charge.subscriptionId()));
                for (String id : e.getValue()) {
                    s.setString(1, invoice.invoiceId());
                    s.setString(2, tenant.id());
                    s.setString(3, id);
                    s.addBatch();
                }
            }
            s.executeBatch();
        }
    }
}
