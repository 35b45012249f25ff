package io.dotmac.payments.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

import io.dotmac.platform.api.TenantRef;

/** The rows of online_payments, on the caller's tenant-bound connection: every statement is scoped by tenant. */
final class PaymentsStore {

    static final String PAYMENT_COLUMNS = "id, invoice_id, customer_id, kind, amount_minor, applied_minor, currency, "
            + "gateway, gateway_ref, charge_ref, payment_id, refund_of, via, recorded_at";
    static final String ATTEMPT_COLUMNS = "id, invoice_id, customer_id, step, run_date, amount_minor, currency, "
            + "status, gateway_ref, failure, attempted_at";

    private PaymentsStore() {
    }

    /** A tenant's settings row; the secrets still sealed. */
    record SettingsRow(String gateway, String secretKeySealed, String webhookSecretSealed, String hint,
            boolean autopay) {
    }

    /** A ledger row, amounts in minor units. */
    record PaymentRow(String id, String invoiceId, String customerId, String kind, long amount, long applied,
            String currency, String gateway, String gatewayRef, String chargeRef, String paymentId, String refundOf,
            String via, Instant recordedAt) {

        OnlinePayment view() {
            return new OnlinePayment(id, invoiceId, customerId, kind, PaymentsStore.amount(amount, currency),
                    PaymentsStore.amount(applied, currency), currency, gateway, gatewayRef, chargeRef, paymentId,
                    refundOf, via, recordedAt);
        }
    }

    /** A customer at the gateway. */
    record CustomerRow(String customerId, String gatewayRef, String methodRef, String methodLabel, boolean autopay) {
    }

    /** Minor units as a decimal string of the currency. */
    static String amount(long minor, String currency) {
        return BigDecimal.valueOf(minor, Currency.getInstance(currency).getDefaultFractionDigits()).toPlainString();
    }

    static Optional<SettingsRow> settings(Connection c, TenantRef tenant) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT gateway, secret_key_sealed, webhook_secret_sealed, "
                + "secret_key_hint, autopay FROM dotmac_payments_settings WHERE tenant_id = ?")) {
            s.setString(1, tenant.id());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new SettingsRow(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getBoolean(5))) : Optional.empty();
            }
        }
    }

    static void saveSettings(Connection c, TenantRef tenant, SettingsRow row, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_payments_settings SET gateway = ?, "
                + "secret_key_sealed = ?, webhook_secret_sealed = ?, secret_key_hint = ?, autopay = ?, updated_at = ? "
                + "WHERE tenant_id = ?")) {
            s.setString(1, row.gateway());
            s.setString(2, row.secretKeySealed());
            s.setString(3, row.webhookSecretSealed());
            s.setString(4, row.hint());
            s.setBoolean(5, row.autopay());
            s.setTimestamp(6, Timestamp.from(now));
            s.setString(7, tenant.id());
            if (s.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_payments_settings (tenant_id, gateway, "
                + "secret_key_sealed, webhook_secret_sealed, secret_key_hint, autopay, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, tenant.id());
            s.setString(2, row.gateway());
            s.setString(3, row.secretKeySealed());
            s.setString(4, row.webhookSecretSealed());
            s.setString(5, row.hint());
            s.setBoolean(6, row.autopay());
            s.setTimestamp(7, Timestamp.from(now));
            s.executeUpdate();
        }
    }

    // ---- pay links

    static Optional<PayLinkView> linkOfInvoice(Connection c, TenantRef tenant, String invoiceId) throws SQLException {
        return link(c, "SELECT token, invoice_id, created_at FROM dotmac_pay_link WHERE tenant_id = ? "
                + "AND invoice_id = ?", tenant.id(), invoiceId);
    }

    static Optional<PayLinkView> linkOfToken(Connection c, TenantRef tenant, String token) throws SQLException {
        return link(c, "SELECT token, invoice_id, created_at FROM dotmac_pay_link WHERE tenant_id = ? "
                + "AND token = ?", tenant.id(), token);
    }

    private static Optional<PayLinkView> link(Connection c, String sql, String tenantId, String key)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, tenantId);
            s.setString(2, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new PayLinkView(rs.getString(2), rs.getString(1),
                        "/pay/" + rs.getString(1), rs.getTimestamp(3).toInstant())) : Optional.empty();
            }
        }
    }

    static void insertLink(Connection c, TenantRef tenant, String token, String invoiceId, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_pay_link (token, tenant_id, invoice_id, "
                + "created_at) VALUES (?, ?, ?, ?)")) {
            s.setString(1, token);
            s.setString(2, tenant.id());
            s.setString(3, invoiceId);
            s.setTimestamp(4, Timestamp.from(now));
            s.executeUpdate();
        }
    }

    /** The tenant of a pay link's token (on a connection working across this bundle's tenants' rows). */
    static Optional<String> tenantOfToken(Connection c, String token) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT tenant_id FROM dotmac_pay_link WHERE token = ?")) {
            s.setString(1, token);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    // ---- customers at the gateway

    static Optional<CustomerRow> customer(Connection c, TenantRef tenant, String customerId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT customer_id, gateway_ref, method_ref, method_label, "
                + "autopay FROM dotmac_payments_customer WHERE tenant_id = ? AND customer_id = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, customerId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(customerRow(rs)) : Optional.empty();
            }
        }
    }

    private static CustomerRow customerRow(ResultSet rs) throws SQLException {
        return new CustomerRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5));
    }

    static List<CustomerRow> autopayCustomers(Connection c, TenantRef tenant) throws SQLException {
        List<CustomerRow> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT customer_id, gateway_ref, method_ref, method_label, "
                + "autopay FROM dotmac_payments_customer WHERE tenant_id = ? AND autopay = TRUE "
                + "AND method_ref IS NOT NULL ORDER BY customer_id")) {
            s.setString(1, tenant.id());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(customerRow(rs));
                }
            }
        }
        return rows;
    }

    /** The tenants that have customers on autopay (across this bundle's tenants' rows). */
    static List<String> autopayTenants(Connection c) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT tenant_id FROM dotmac_payments_customer "
                + "WHERE autopay = TRUE ORDER BY tenant_id"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    static void saveCustomer(Connection c, TenantRef tenant, CustomerRow row, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_payments_customer SET gateway_ref = ?, "
                + "method_ref = ?, method_label = ?, autopay = ?, updated_at = ? WHERE tenant_id = ? "
                + "AND customer_id = ?")) {
            s.setString(1, row.gatewayRef());
            s.setString(2, row.methodRef());
            s.setString(3, row.methodLabel());
            s.setBoolean(4, row.autopay());
            s.setTimestamp(5, Timestamp.from(now));
            s.setString(6, tenant.id());
            s.setString(7, row.customerId());
            if (s.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_payments_customer (tenant_id, customer_id, "
                + "gateway_ref, method_ref, method_label, autopay, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, tenant.id());
            s.setString(2, row.customerId());
            s.setString(3, row.gatewayRef());
            s.setString(4, row.methodRef());
            s.setString(5, row.methodLabel());
            s.setBoolean(6, row.autopay());
            s.setTimestamp(7, Timestamp.from(now));
            s.executeUpdate();
        }
    }

    // ---- the ledger

    static PaymentRow paymentRow(ResultSet rs) throws SQLException {
        return new PaymentRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getString(12), rs.getString(13), rs.getTimestamp(14).toInstant());
    }

    static Optional<PaymentRow> payment(Connection c, TenantRef tenant, String id, boolean lock) throws SQLException {
        return one(c, "SELECT " + PAYMENT_COLUMNS + " FROM dotmac_online_payment WHERE tenant_id = ? AND id = ?"
                + (lock ? " FOR UPDATE" : ""), tenant.id(), id);
    }

    static Optional<PaymentRow> paymentByRef(Connection c, TenantRef tenant, String gatewayRef) throws SQLException {
        return one(c, "SELECT " + PAYMENT_COLUMNS + " FROM dotmac_online_payment WHERE tenant_id = ? "
                + "AND gateway_ref = ?", tenant.id(), gatewayRef);
    }

    private static Optional<PaymentRow> one(Connection c, String sql, String tenantId, String key)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, tenantId);
            s.setString(2, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(paymentRow(rs)) : Optional.empty();
            }
        }
    }

    /** The refunds recorded of a payment, as positive amounts: gross and applied. */
    static long[] refunded(Connection c, TenantRef tenant, String paymentRowId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(SUM(-amount_minor), 0), "
                + "COALESCE(SUM(applied_minor), 0) FROM dotmac_online_payment WHERE tenant_id = ? AND refund_of = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, paymentRowId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new long[] { rs.getLong(1), rs.getLong(2) };
            }
        }
    }

    static void insertPayment(Connection c, TenantRef tenant, PaymentRow row) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_online_payment (" + PAYMENT_COLUMNS
                + ", tenant_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, row.id());
            s.setString(2, row.invoiceId());
            s.setString(3, row.customerId());
            s.setString(4, row.kind());
            s.setLong(5, row.amount());
            s.setLong(6, row.applied());
            s.setString(7, row.currency());
            s.setString(8, row.gateway());
            s.setString(9, row.gatewayRef());
            s.setString(10, row.chargeRef());
            s.setString(11, row.paymentId());
            s.setString(12, row.refundOf());
            s.setString(13, row.via());
            s.setTimestamp(14, Timestamp.from(row.recordedAt()));
            s.setString(15, tenant.id());
            s.executeUpdate();
        }
    }

    /** What billing recorded of a ledger row: {@code applied} minor units, as its payment or refund {@code id}. */
    static void apply(Connection c, TenantRef tenant, String id, long applied, String billingId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_online_payment SET applied_minor = ?, "
                + "payment_id = ? WHERE tenant_id = ? AND id = ?")) {
            s.setLong(1, applied);
            s.setString(2, billingId);
            s.setString(3, tenant.id());
            s.setString(4, id);
            s.executeUpdate();
        }
    }

    /** Ledger rows recorded from {@code from} (inclusive) to {@code to} (exclusive), oldest first. */
    static List<PaymentRow> recorded(Connection c, TenantRef tenant, Instant from, Instant to) throws SQLException {
        List<PaymentRow> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + PAYMENT_COLUMNS + " FROM dotmac_online_payment "
                + "WHERE tenant_id = ? AND recorded_at >= ? AND recorded_at < ? ORDER BY recorded_at, id")) {
            s.setString(1, tenant.id());
            s.setTimestamp(2, Timestamp.from(from));
            s.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(paymentRow(rs));
                }
            }
        }
        return rows;
    }

    /** Whether a payment's charge ({@code ch_...}) or a refund ({@code re_...}) is in the ledger. */
    static boolean known(Connection c, TenantRef tenant, String sourceRef) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM dotmac_online_payment WHERE tenant_id = ? "
                + "AND (charge_ref = ? OR gateway_ref = ?)")) {
            s.setString(1, tenant.id());
            s.setString(2, sourceRef);
            s.setString(3, sourceRef);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    // ---- events

    static boolean seen(Connection c, TenantRef tenant, String eventId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM dotmac_payments_event WHERE tenant_id = ? "
                + "AND event_id = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, eventId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    static void markSeen(Connection c, TenantRef tenant, String eventId, String type, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_payments_event (tenant_id, event_id, type, "
                + "received_at) VALUES (?, ?, ?, ?)")) {
            s.setString(1, tenant.id());
            s.setString(2, eventId);
            s.setString(3, type.length() > 100 ? type.substring(0, 100) : type);
            s.setTimestamp(4, Timestamp.from(now));
            s.executeUpdate();
        }
    }

    // ---- autopay attempts

    static AutopayAttempt attempt(ResultSet rs) throws SQLException {
        String currency = rs.getString(7);
        return new AutopayAttempt(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                rs.getObject(5, LocalDate.class), amount(rs.getLong(6), currency), currency, rs.getString(8),
                rs.getString(9), rs.getString(10), rs.getTimestamp(11).toInstant());
    }

    static List<AutopayAttempt> attempts(Connection c, TenantRef tenant, String invoiceId) throws SQLException {
        List<AutopayAttempt> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + ATTEMPT_COLUMNS + " FROM dotmac_autopay_attempt "
                + "WHERE tenant_id = ?" + (invoiceId == null ? "" : " AND invoice_id = ?")
                + " ORDER BY attempted_at, id")) {
            s.setString(1, tenant.id());
            if (invoiceId != null) {
                s.setString(2, invoiceId);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(attempt(rs));
                }
            }
        }
        return rows;
    }

    static void insertAttempt(Connection c, TenantRef tenant, String id, String invoiceId, String customerId,
            int step, LocalDate runDate, long amount, String currency, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_autopay_attempt (" + ATTEMPT_COLUMNS
                + ", tenant_id) VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', NULL, NULL, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, invoiceId);
            s.setString(3, customerId);
            s.setInt(4, step);
            s.setObject(5, runDate);
            s.setLong(6, amount);
            s.setString(7, currency);
            s.setTimestamp(8, Timestamp.from(now));
            s.setString(9, tenant.id());
            s.executeUpdate();
        }
    }

    static void finishAttempt(Connection c, TenantRef tenant, String id, String status, String gatewayRef,
            String failure) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_autopay_attempt SET status = ?, gateway_ref = ?, "
                + "failure = ? WHERE tenant_id = ? AND id = ?")) {
            s.setString(1, status);
            s.setString(2, gatewayRef);
            s.setString(3, failure == null || failure.length() <= 300 ? failure : failure.substring(0, 300));
            s.setString(4, tenant.id());
            s.setString(5, id);
            s.executeUpdate();
        }
    }

    static void deleteAttempt(Connection c, TenantRef tenant, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM dotmac_autopay_attempt WHERE tenant_id = ? "
                + "AND id = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, id);
            s.executeUpdate();
        }
    }
}
