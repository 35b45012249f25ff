package io.dotmac.billing.basic.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.billing.basic.BillingEvents;
import io.dotmac.billing.basic.InvoiceLine;
import io.dotmac.billing.basic.InvoiceStatus;
import io.dotmac.billing.basic.internal.InvoiceLines.Line;
import io.dotmac.billing.basic.internal.InvoiceLines.Totals;
import io.dotmac.customers.Customer;
import io.dotmac.customers.CustomerService;
import io.dotmac.persistence.Database;
import io.dotmac.persistence.DomainEvents;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.persistence.PagedQuery;
import io.dotmac.platform.api.Brands;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.tenant.TenantService;

/**
 * Corrections of issued invoices, on tables {@code dotmac_credit_note} (with its lines and numbers) and
 * {@code dotmac_refund}. A credit note credits part or all of an invoice: it lowers what is still owed, and what it
 * credits beyond that (the invoice was paid) must be refunded, from its payments, newest first. A refund alone gives
 * back (part of) a payment: the invoice is owed that again. Every change locks the invoice's row first, like
 * payments do, so an invoice's payments, credits and refunds never race.
 */
@Component(service = CreditNotes.class)
public class CreditNotes {

    static final int MAX_REASON = 500;
    private static final String COLUMNS = "id, number, invoice_id, customer_id, currency, subtotal_minor, tax_minor, "
            + "total_minor, refunded_minor, reason, issue_date, created_at";
    private static final String REFUND_COLUMNS = "id, invoice_id, payment_id, credit_note_id, amount_minor, reason, "
            + "refunded_at";

    /** A credit note: what it credits of which invoice, and how much of that was paid back. */
    public record CreditNote(String id, String number, String invoiceId, String invoiceNumber, String customerId,
            String currency, List<InvoiceLine> lines, String subtotal, String tax, String total, String refunded,
            String reason, LocalDate issueDate, Instant createdAt) {

        /** What a client sends: why, what is credited, and whether what was paid of it is refunded. */
        public record Input(String reason, List<InvoiceLine.Input> lines, Boolean refund) {
        }
    }

    /** Money given back from a payment, with a credit note ({@code creditNoteId}) or alone. */
    public record Refund(String id, String invoiceId, String paymentId, String creditNoteId, String amount,
            String reason, Instant refundedAt) {

        public record Input(String amount, String reason) {
        }
    }

    private final Database db;
    /** Licensing, for the tenant's brand (white_label) on its documents; without it, documents are DotMac's. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TenantServices licences;
    private final DomainEvents events;
    private final CustomerService customers;
    private final TenantService tenants;
    private final Clock clock = Clock.systemUTC();

    @Activate
    public CreditNotes(@Reference Database db, @Reference DomainEvents events, @Reference CustomerService customers,
            @Reference TenantService tenants,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=billing)") MigratedSchema schema) {
        this.db = db;
        this.events = events;
        this.customers = customers;
        this.tenants = tenants;
    }

    /** The credit note as a PDF (the seller's details and the customer as on the tenant's invoices). */
    public byte[] pdf(TenantRef tenant, String id) {
        CreditNote note = get(tenant, id);
        Customer customer = customers.get(tenant, note.customerId());
        String tenantName = tenants.find(tenant.id()).map(t -> t.name()).orElse(tenant.slug());
        return InvoicePdf.render(InvoicePdf.Issuer.of(db.inTenant(tenant, c -> Sellers.read(c, tenant)), tenantName,
                Brands.of(licences, tenant)), customer, note);
    }

    /** The credit note number {@code CN-<year>-<6 digits>}. */
    static String number(int year, int sequence) {
        return String.format(Locale.ROOT, "CN-%d-%06d", year, sequence);
    }

    private static String reason(String reason, List<FieldError> errors) {
        String r = reason == null ? null : reason.strip();
        if (r == null || r.isEmpty() || r.length() > MAX_REASON) {
            errors.add(new FieldError("reason", "is required, at most " + MAX_REASON + " characters"));
            return null;
        }
        return r;
    }

    /**
     * Issues a credit note for an {@code ISSUED} or {@code PAID} invoice (else 409). Its lines (like an invoice's,
     * without discounts) may credit at most what is not credited yet; what they credit beyond the open balance was
     * paid, and is refunded only when {@code refund} is true (else 422 naming {@code refund}).
     */
    public CreditNote issue(TenantRef tenant, String invoiceId, CreditNote.Input in) {
        if (in == null) {
            throw new ValidationException("lines", "a credit note is required");
        }
        return db.inTenant(tenant, c -> {
            InvoiceRegistry.Row invoice = InvoiceRegistry.find(c, tenant, invoiceId, true);
            List<FieldError> errors = new ArrayList<>();
            String reason = reason(in.reason(), errors);
            List<Line> lines = InvoiceLines.validate(in.lines(), invoice.currency(), false, errors);
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
            if (invoice.status() != InvoiceStatus.ISSUED && invoice.status() != InvoiceStatus.PAID) {
                throw new ConflictException("Invoice '" + invoiceId + "' is " + invoice.status() + "; only an issued "
                        + "invoice can be credited");
            }
            Currency currency = invoice.currency();
            Totals totals = Totals.of(lines);
            long total = totals.total();
            long creditable = invoice.total() - invoice.credited();
            if (total > creditable) {
                throw new ValidationException("lines", "the credit note's total of " + Money.amount(total, currency)
                        + " " + currency.getCurrencyCode() + " exceeds the " + Money.amount(creditable, currency) + " "
                        + currency.getCurrencyCode() + " of the invoice not credited yet");
            }
            long open = invoice.total() - invoice.paid() - invoice.credited();
            long refund = Math.max(0, total - open);
            if (refund > 0 && !Boolean.TRUE.equals(in.refund())) {
                throw new ValidationException("refund", Money.amount(refund, currency) + " " + currency
                        .getCurrencyCode() + " of this credit were paid already: set refund to true to pay them back "
                        + "(only " + Money.amount(open, currency) + " are still owed)");
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            String id = Ids.next();
            String number = number(today.getYear(), InvoiceRegistry.reserveNumbers(db, c, tenant, today.getYear(), 1,
                    "dotmac_credit_note_number"));
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_credit_note (" + COLUMNS
                    + ", tenant_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, id);
                s.setString(2, number);
                s.setString(3, invoiceId);
                s.setString(4, invoice.customerId());
                s.setString(5, currency.getCurrencyCode());
                s.setLong(6, totals.subtotal());
                s.setLong(7, totals.tax());
                s.setLong(8, total);
                s.setLong(9, refund);
                s.setString(10, reason);
                s.setObject(11, today);
                s.setTimestamp(12, Timestamp.from(now));
                s.setString(13, tenant.id());
                s.executeUpdate();
            }
            InvoiceRegistry.insertLines(c, tenant, id, lines, "dotmac_credit_note_line", "credit_note_id");
            if (refund > 0) {
                refundPayments(c, tenant, invoiceId, id, refund, "credit note " + number + ": " + reason, now);
            }
            InvoiceRegistry.Row after = invoice.settle(invoice.paid() - refund, invoice.credited() + total);
            InvoiceRegistry.write(c, tenant, after, now);
            Map<String, Object> event = new HashMap<>();
            event.put(BillingEvents.CREDIT_NOTE_ID, id);
            event.put(BillingEvents.NUMBER, number);
            event.put(BillingEvents.INVOICE_ID, invoiceId);
            event.put(BillingEvents.CUSTOMER_ID, invoice.customerId());
            event.put(BillingEvents.TOTAL, Money.amount(total, currency));
            event.put(BillingEvents.CURRENCY, currency.getCurrencyCode());
            event.put(BillingEvents.REFUNDED, Money.amount(refund, currency));
            event.put(BillingEvents.BALANCE, Money.amount(after.balance(), currency));
            events.publish(tenant, BillingEvents.CREDIT_NOTE_ISSUED, event);
            return new CreditNote(id, number, invoiceId, invoice.number(), invoice.customerId(),
                    currency.getCurrencyCode(), lines.stream().map(l -> l.view(currency)).toList(),
                    Money.amount(totals.subtotal(), currency), Money.amount(totals.tax(), currency),
                    Money.amount(total, currency), Money.amount(refund, currency), reason, today, now);
        });
    }

    /** Refunds {@code amount} of the invoice's payments, newest first, for a credit note. */
    private static void refundPayments(Connection c, TenantRef tenant, String invoiceId, String creditNoteId,
            long amount, String reason, Instant now) throws SQLException {
        long left = amount;
        for (Map.Entry<String, Long> payment : refundable(c, tenant, invoiceId).entrySet()) {
            if (left == 0) {
                break;
            }
            long take = Math.min(left, payment.getValue());
            if (take > 0) {
                insertRefund(c, tenant, invoiceId, payment.getKey(), creditNoteId, take, reason, now);
                left -= take;
            }
        }
        if (left > 0) {
            throw new IllegalStateException("payments of invoice " + invoiceId + " do not cover a refund of " + left);
        }
    }

    /** What can still be refunded of each of the invoice's payments, newest first. */
    private static Map<String, Long> refundable(Connection c, TenantRef tenant, String invoiceId)
            throws SQLException {
        Map<String, Long> left = new java.util.LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT p.id, p.amount_minor - COALESCE((SELECT SUM("
                + "r.amount_minor) FROM dotmac_refund r WHERE r.tenant_id = p.tenant_id AND r.payment_id = p.id), 0) "
                + "FROM dotmac_payment p WHERE p.tenant_id = ? AND p.invoice_id = ? ORDER BY p.received_at DESC, "
                + "p.id DESC")) {
            s.setString(1, tenant.id());
            s.setString(2, invoiceId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    left.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return left;
    }

    /** Inserts a refund; returns its id. */
    private static String insertRefund(Connection c, TenantRef tenant, String invoiceId, String paymentId,
            String creditNoteId, long amount, String reason, Instant now) throws SQLException {
        String id = Ids.next();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_refund (" + REFUND_COLUMNS
                + ", tenant_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, invoiceId);
            s.setString(3, paymentId);
            s.setString(4, creditNoteId);
            s.setLong(5, amount);
            s.setString(6, reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason);
            s.setTimestamp(7, Timestamp.from(now));
            s.setString(8, tenant.id());
            s.executeUpdate();
        }
        return id;
    }

    /**
     * Gives back {@code amount} of a payment without a credit note (a payment reversed): the invoice is owed it again
     * ({@code ISSUED}). At most what is left of the payment (else 422 naming {@code amount}).
     */
    public Refund refund(TenantRef tenant, String invoiceId, String paymentId, Refund.Input in) {
        if (in == null) {
            throw new ValidationException("amount", "a refund is required");
        }
        return db.inTenant(tenant, c -> {
            InvoiceRegistry.Row invoice = InvoiceRegistry.find(c, tenant, invoiceId, true);
            Long left = refundable(c, tenant, invoiceId).get(paymentId);
            if (left == null) {
                throw new NotFoundException("No payment '" + paymentId + "' of invoice '" + invoiceId + "'");
            }
            List<FieldError> errors = new ArrayList<>();
            String reason = reason(in.reason(), errors);
            long amount = 0;
            if (in.amount() == null) {
                errors.add(new FieldError("amount", "is required, as a decimal string such as \"49.90\""));
            } else {
                amount = Money.minorUnits(in.amount(), invoice.currency(), "amount", errors);
                if (errors.isEmpty() && amount == 0) {
                    errors.add(new FieldError("amount", "must be more than 0"));
                } else if (errors.isEmpty() && amount > left) {
                    errors.add(new FieldError("amount", "exceeds the " + Money.amount(left, invoice.currency()) + " "
                            + invoice.currency().getCurrencyCode() + " of this payment not refunded yet"));
                }
            }
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            String refundId = insertRefund(c, tenant, invoiceId, paymentId, null, amount, reason, now);
            InvoiceRegistry.Row after = invoice.settle(invoice.paid() - amount, invoice.credited());
            InvoiceRegistry.write(c, tenant, after, now);
            Currency currency = invoice.currency();
            Map<String, Object> event = new HashMap<>();
            event.put(BillingEvents.INVOICE_ID, invoiceId);
            event.put(BillingEvents.NUMBER, invoice.number());
            event.put(BillingEvents.CUSTOMER_ID, invoice.customerId());
            event.put(BillingEvents.PAYMENT_ID, paymentId);
            event.put(BillingEvents.AMOUNT, Money.amount(amount, currency));
            event.put(BillingEvents.CURRENCY, currency.getCurrencyCode());
            event.put(BillingEvents.BALANCE, Money.amount(after.balance(), currency));
            events.publish(tenant, BillingEvents.PAYMENT_REFUNDED, event);
            return new Refund(refundId, invoiceId, paymentId, null, Money.amount(amount, currency), reason, now);
        });
    }

    /** The invoice's refunds, oldest first (404 for an invoice the tenant does not have). */
    public List<Refund> refunds(TenantRef tenant, String invoiceId) {
        return db.inTenant(tenant, c -> {
            InvoiceRegistry.find(c, tenant, invoiceId, false);
            return refunds(c, tenant, invoiceId);
        });
    }

    private static List<Refund> refunds(Connection c, TenantRef tenant, String invoiceId) throws SQLException {
        Currency currency = InvoiceRegistry.find(c, tenant, invoiceId, false).currency();
        List<Refund> refunds = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + REFUND_COLUMNS + " FROM dotmac_refund "
                + "WHERE tenant_id = ? AND invoice_id = ? ORDER BY refunded_at, id")) {
            s.setString(1, tenant.id());
            s.setString(2, invoiceId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    refunds.add(new Refund(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Money.amount(rs.getLong(5), currency), rs.getString(6), rs.getTimestamp(7).toInstant()));
                }
            }
        }
        return refunds;
    }

    /** A stored credit note without its lines, and the number of the invoice it credits. */
    private record Row(String id, String number, String invoiceId, String customerId, Currency currency,
            long subtotal, long tax, long total, long refunded, String reason, LocalDate issueDate,
            Instant createdAt) {

        CreditNote view(String invoiceNumber, List<Line> lines) {
            return new CreditNote(id, number, invoiceId, invoiceNumber, customerId, currency.getCurrencyCode(),
                    lines.stream().map(l -> l.view(currency)).toList(), Money.amount(subtotal, currency),
                    Money.amount(tax, currency), Money.amount(total, currency), Money.amount(refunded, currency),
                    reason, issueDate, createdAt);
        }
    }

    private static Row read(ResultSet rs) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Currency.getInstance(rs.getString(5)), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9),
                rs.getString(10), rs.getObject(11, LocalDate.class), rs.getTimestamp(12).toInstant());
    }

    /** Credit notes in id order; {@code invoiceId} and {@code customerId} filter when not {@code null}. */
    public Page<CreditNote> list(TenantRef tenant, String invoiceId, String customerId, int limit, String cursor) {
        PagedQuery query = PagedQuery.of(COLUMNS, "dotmac_credit_note", tenant.id());
        if (invoiceId != null) {
            query.where("invoice_id = ?", invoiceId);
        }
        if (customerId != null) {
            query.where("customer_id = ?", customerId);
        }
        return db.inTenant(tenant, c -> {
            Page<Row> rows = query.fetch(c, CreditNotes::read, Row::id, limit, cursor);
            List<String> ids = rows.items().stream().map(Row::id).toList();
            Map<String, List<Line>> lines = InvoiceRegistry.lines(c, tenant, ids, "dotmac_credit_note_line",
                    "credit_note_id");
            Map<String, String> numbers = new HashMap<>();
            List<CreditNote> notes = new ArrayList<>();
            for (Row r : rows.items()) {
                String invoiceNumber = numbers.computeIfAbsent(r.invoiceId(), k -> invoiceNumber(c, tenant, k));
                notes.add(r.view(invoiceNumber, lines.getOrDefault(r.id(), List.of())));
            }
            return new Page<>(notes, rows.nextCursor());
        });
    }

    private static String invoiceNumber(Connection c, TenantRef tenant, String invoiceId) {
        try {
            return InvoiceRegistry.find(c, tenant, invoiceId, false).number();
        } catch (SQLException e) {
            throw new io.dotmac.persistence.DataAccessException(e);
        }
    }

    public CreditNote get(TenantRef tenant, String id) {
        return db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM dotmac_credit_note "
                    + "WHERE tenant_id = ? AND id = ?")) {
                s.setString(1, tenant.id());
                s.setString(2, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new NotFoundException("No credit note '" + id + "'");
                    }
                    Row r = read(rs);
                    return r.view(invoiceNumber(c, tenant, r.invoiceId()), InvoiceRegistry.lines(c, tenant,
                            List.of(id), "dotmac_credit_note_line", "credit_note_id").getOrDefault(id, List.of()));
                }
            }
        });
    }
}
