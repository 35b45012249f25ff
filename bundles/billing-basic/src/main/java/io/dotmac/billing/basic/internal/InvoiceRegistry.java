package io.dotmac.billing.basic.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
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
import io.dotmac.billing.basic.Invoice;
import io.dotmac.billing.basic.InvoiceService;
import io.dotmac.billing.basic.InvoiceStatus;
import io.dotmac.billing.basic.Payment;
import io.dotmac.billing.basic.PaymentMethod;
import io.dotmac.billing.basic.internal.InvoiceLines.Line;
import io.dotmac.billing.basic.internal.InvoiceLines.Totals;
import io.dotmac.customers.Customer;
import io.dotmac.customers.CustomerGuard;
import io.dotmac.customers.CustomerService;
import io.dotmac.customers.CustomerStatus;
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
import io.dotmac.platform.api.Values;
import io.dotmac.tenant.TenantService;

/**
 * {@link InvoiceService} on tables {@code dotmac_invoice}, {@code dotmac_invoice_line}, {@code dotmac_payment} and
 * {@code dotmac_invoice_number}. Every statement is scoped by tenant; every change locks the invoice's row first, so
 * concurrent payments or transitions of one invoice are serialised. Also the {@link CustomerGuard} that keeps a
 * customer who owes money from being closed.
 */
@Component(service = { InvoiceService.class, CustomerGuard.class })
public class InvoiceRegistry implements InvoiceService, CustomerGuard {

    /** Days from issue to due date when a draft names none. */
    static final int PAYMENT_TERM_DAYS = 14;
    static final int MAX_NOTES = 2000;
    static final int MAX_REFERENCE = 200;

    private static final String COLUMNS = "id, number, customer_id, status, currency, subtotal_minor, tax_minor, "
            + "total_minor, paid_minor, issue_date, due_date, notes, created_at";
    /** What {@link #read} reads: {@link #COLUMNS} (what a new invoice is inserted with) and what credit notes add. */
    private static final String READ_COLUMNS = COLUMNS + ", credited_minor";
    private static final String LINE_FIELDS = "description, quantity, unit_price_minor, tax_rate, "
            + "net_minor, tax_minor";

    private final Database db;
    /** Licensing, for the tenant's brand (white_label) on its documents; without it, documents are DotMac's. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TenantServices licences;
    /** Refunds, which credit notes also make: one place for their rules. */
    @Reference
    private CreditNotes creditNotes;
    private final CustomerService customers;
    private final TenantService tenants;
    private final DomainEvents events;
    private final Clock clock;

    @Activate
    public InvoiceRegistry(@Reference Database db, @Reference CustomerService customers,
            @Reference TenantService tenants, @Reference DomainEvents events,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=billing)") MigratedSchema schema) {
        this(db, customers, tenants, events, Clock.systemUTC());
    }

    InvoiceRegistry(Database db, CustomerService customers, TenantService tenants, DomainEvents events,
            Clock clock) {
        this.db = db;
        this.customers = customers;
        this.tenants = tenants;
        this.events = events;
        this.clock = clock;
    }

    /** An invoice's row, without its lines. */
    record Row(String id, String number, String customerId, InvoiceStatus status, Currency currency,
            long subtotal, long tax, long total, long paid, LocalDate issueDate, LocalDate dueDate, String notes,
            Instant createdAt, long credited) {

        long balance() {
            return status == InvoiceStatus.ISSUED ? total - paid - credited : 0;
        }

        /** This invoice with {@code paid} and {@code credited}: {@code PAID} when nothing is owed any more. */
        Row settle(long paid, long credited) {
            return new Row(id, number, customerId, paid + credited == total ? InvoiceStatus.PAID : InvoiceStatus.ISSUED,
                    currency, subtotal, tax, total, paid, issueDate, dueDate, notes, createdAt, credited);
        }

        Invoice view(List<Line> lines) {
            return new Invoice(id, number, customerId, status, currency.getCurrencyCode(),
                    lines.stream().map(l -> l.view(currency)).toList(), Money.amount(subtotal, currency),
                    Money.amount(tax, currency), Money.amount(total, currency), Money.amount(paid, currency),
                    Money.amount(credited, currency), Money.amount(balance(), currency), issueDate, dueDate, notes,
                    createdAt);
        }
    }

    static Row read(ResultSet rs) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), InvoiceStatus.valueOf(rs.getString(4)),
                Currency.getInstance(rs.getString(5)), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9),
                rs.getObject(10, LocalDate.class), rs.getObject(11, LocalDate.class), rs.getString(12),
                rs.getTimestamp(13).toInstant(), rs.getLong(14));
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    // ---- reads

    @Override
    public Invoice get(TenantRef tenant, String id) {
        return db.inTenant(tenant, c -> {
            Row row = find(c, tenant, id, false);
            return row.view(lines(c, tenant, List.of(id)).getOrDefault(id, List.of()));
        });
    }

    @Override
    public Page<Invoice> list(TenantRef tenant, String customerId, InvoiceStatus status, int limit, String cursor) {
        return list(tenant, customerId, status, null, null, limit, cursor);
    }

    @Override
    public Page<Invoice> list(TenantRef tenant, String customerId, InvoiceStatus status, String number, String q,
            int limit, String cursor) {
        PagedQuery query = PagedQuery.of(READ_COLUMNS, "dotmac_invoice", tenant.id());
        if (customerId != null) {
            query.where("customer_id = ?", customerId);
        }
        if (status != null) {
            query.where("status = ?", status.name());
        }
        if (number != null) {
            if (number.length() > 40) {
                throw new ValidationException("number", "must be at most 40 characters");
            }
            query.where("number = ?", number.strip().toUpperCase(Locale.ROOT));
        }
        String search = q == null || q.isBlank() ? null : q.strip().toLowerCase(Locale.ROOT);
        if (search != null) {
            if (search.length() > 200) {
                throw new ValidationException("q", "must be at most 200 characters");
            }
            String like = "%" + search.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
            // the customer's name and e-mail: customers of this tenant only (the subquery names it, as every query)
            query.where("LOWER(number) LIKE ? ESCAPE '!' OR LOWER(notes) LIKE ? ESCAPE '!' OR customer_id IN "
                    + "(SELECT id FROM dotmac_customer WHERE tenant_id = ? AND (LOWER(name) LIKE ? ESCAPE '!' "
                    + "OR email_key LIKE ? ESCAPE '!'))", like, like, tenant.id(), like, like);
        }
        return db.inTenant(tenant, c -> {
            Page<Row> rows = query.fetch(c, InvoiceRegistry::read, Row::id, limit, cursor);
            Map<String, List<Line>> lines = lines(c, tenant, rows.items().stream().map(Row::id).toList());
            return new Page<>(rows.items().stream().map(r -> r.view(lines.getOrDefault(r.id(), List.of()))).toList(),
                    rows.nextCursor());
        });
    }

    @Override
    public List<Payment> payments(TenantRef tenant, String invoiceId) {
        return db.inTenant(tenant, c -> {
            Row row = find(c, tenant, invoiceId, false);
            List<Payment> payments = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, amount_minor, method, reference, received_at "
                    + "FROM dotmac_payment WHERE tenant_id = ? AND invoice_id = ? ORDER BY id")) {
                s.setString(1, tenant.id());
                s.setString(2, invoiceId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        payments.add(new Payment(rs.getString(1), invoiceId, Money.amount(rs.getLong(2),
                                row.currency()), PaymentMethod.valueOf(rs.getString(3)), rs.getString(4),
                                rs.getTimestamp(5).toInstant()));
                    }
                }
            }
            return payments;
        });
    }

    @Override
    public Payment refund(TenantRef tenant, String invoiceId, String paymentId, String amount, String reason) {
        return db.inTenant(tenant, c -> {
            PaymentMethod method = null;
            try (PreparedStatement s = c.prepareStatement("SELECT method FROM dotmac_payment WHERE tenant_id = ? "
                    + "AND invoice_id = ? AND id = ?")) {
                s.setString(1, tenant.id());
                s.setString(2, invoiceId);
                s.setString(3, paymentId);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        method = PaymentMethod.valueOf(rs.getString(1));
                    }
                }
            }
            CreditNotes.Refund r = creditNotes.refund(tenant, invoiceId, paymentId,
                    new CreditNotes.Refund.Input(amount, reason));
            return new Payment(r.id(), invoiceId, "-" + r.amount(), method, r.reason(), r.refundedAt());
        });
    }

    @Override
    public int unpaidCount(TenantRef tenant, String customerId) {
        return db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM dotmac_invoice "
                    + "WHERE tenant_id = ? AND customer_id = ? AND status = 'ISSUED'")) {
                s.setString(1, tenant.id());
                s.setString(2, customerId);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Override
    public boolean restartNumbering(TenantRef tenant) {
        return db.inTenant(tenant, c -> {
            for (String table : List.of("dotmac_invoice", "dotmac_credit_note")) {
                try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + table
                        + " WHERE tenant_id = ?")) {
                    s.setString(1, tenant.id());
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            throw new ConflictException("The tenant has " + rs.getLong(1) + " "
                                    + (table.endsWith("invoice") ? "invoices" : "credit notes")
                                    + ": their numbers go on");
                        }
                    }
                }
            }
            int forgotten = 0;
            for (String table : List.of("dotmac_invoice_number", "dotmac_credit_note_number")) {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE tenant_id = ?")) {
                    s.setString(1, tenant.id());
                    forgotten += s.executeUpdate();
                }
            }
            return forgotten > 0;
        });
    }

    @Override
    public Summary summary(TenantRef tenant, java.time.LocalDate from, java.time.LocalDate to,
            java.time.LocalDate today) {
        return db.inTenant(tenant, c -> {
            long invoiced;
            try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(SUM(total_minor), 0) FROM dotmac_invoice "
                    + "WHERE tenant_id = ? AND issue_date >= ? AND issue_date < ? AND status IN ('ISSUED', 'PAID')")) {
                s.setString(1, tenant.id());
                s.setObject(2, from);
                s.setObject(3, to);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    invoiced = rs.getLong(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(DISTINCT customer_id) FROM dotmac_invoice "
                    + "WHERE tenant_id = ? AND status = 'ISSUED' AND due_date < ?")) {
                s.setString(1, tenant.id());
                s.setObject(2, today);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return new Summary(invoiced, rs.getInt(1));
                }
            }
        });
    }

    @Override
    public void beforeClose(TenantRef tenant, String customerId) {
        int unpaid = unpaidCount(tenant, customerId);
        if (unpaid > 0) {
            throw new ConflictException("Customer '" + customerId + "' has " + unpaid + " unpaid invoice"
                    + (unpaid == 1 ? "" : "s") + "; record the payments or void them first");
        }
    }

    @Override
    public byte[] pdf(TenantRef tenant, String id) {
        Invoice invoice = get(tenant, id);
        Customer customer = customers.get(tenant, invoice.customerId());
        String tenantName = tenants.find(tenant.id()).map(t -> t.name()).orElse(tenant.slug());
        return InvoicePdf.render(InvoicePdf.Issuer.of(db.inTenant(tenant, c -> Sellers.read(c, tenant)), tenantName,
                Brands.of(licences, tenant)), customer, invoice);
    }

    /** Whether the invoice's payments were ever refunded (then, like a payment, it is history that stays). */
    private static boolean hasRefunds(Connection c, TenantRef tenant, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM dotmac_refund WHERE tenant_id = ? "
                + "AND invoice_id = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    static Row find(Connection c, TenantRef tenant, String id, boolean lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + READ_COLUMNS + " FROM dotmac_invoice "
                + "WHERE tenant_id = ? AND id = ?" + (lock ? " FOR UPDATE" : ""))) {
            s.setString(1, tenant.id());
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("No invoice '" + id + "'");
                }
                return read(rs);
            }
        }
    }

    /** The lines of some invoices, by invoice id, in their order. */
    private static Map<String, List<Line>> lines(Connection c, TenantRef tenant, List<String> invoiceIds)
            throws SQLException {
        return lines(c, tenant, invoiceIds, "dotmac_invoice_line", "invoice_id");
    }

    /** The lines of {@code ids} in {@code table} (invoice or credit note lines), by the id they belong to. */
    static Map<String, List<Line>> lines(Connection c, TenantRef tenant, List<String> ids, String table, String key)
            throws SQLException {
        List<String> invoiceIds = ids;
        if (invoiceIds.isEmpty()) {
            return Map.of();
        }
        Map<String, List<Line>> lines = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + key + ", " + LINE_FIELDS + " FROM " + table
                + " WHERE tenant_id = ? AND " + key + " IN (" + String.join(", ", Collections.nCopies(
                        invoiceIds.size(), "?")) + ") ORDER BY " + key + ", line_no")) {
            s.setString(1, tenant.id());
            for (int i = 0; i < invoiceIds.size(); i++) {
                s.setString(i + 2, invoiceIds.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    BigDecimal quantity = rs.getBigDecimal(3).stripTrailingZeros();
                    BigDecimal rate = rs.getBigDecimal(5).stripTrailingZeros();
                    lines.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Line(rs.getString(2),
                            quantity.scale() < 0 ? quantity.setScale(0) : quantity, rs.getLong(4),
                            rate.scale() < 0 ? rate.setScale(0) : rate, rs.getLong(6), rs.getLong(7)));
                }
            }
        }
        return lines;
    }

    // ---- drafts

    /** The customer's id when it exists and is not closed; otherwise an error naming {@code customerId}. */
    private String openCustomer(TenantRef tenant, String id, List<FieldError> errors) {
        try {
            if (customers.get(tenant, id).status() == CustomerStatus.CLOSED) {
                errors.add(new FieldError("customerId", "customer '" + id + "' is closed"));
            }
        } catch (NotFoundException e) {
            errors.add(new FieldError("customerId", "no customer '" + id + "'"));
        }
        return id;
    }

    private LocalDate dueDate(String value, List<FieldError> errors) {
        try {
            LocalDate due = LocalDate.parse(value);
            if (due.isBefore(today().minusYears(1)) || due.isAfter(today().plusYears(2))) {
                errors.add(new FieldError("dueDate", "must be within a year before and two years after today"));
            }
            return due;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("dueDate", "must be a date as yyyy-MM-dd"));
            return null;
        }
    }

    private static String notes(String value, List<FieldError> errors) {
        String notes = value.strip();
        if (notes.length() > MAX_NOTES) {
            errors.add(new FieldError("notes", "must be at most " + MAX_NOTES + " characters"));
        }
        return notes.isEmpty() ? null : notes;
    }

    @Override
    public Invoice create(TenantRef tenant, Invoice.Input in) {
        if (in == null) {
            throw new ValidationException("body", "an invoice is required");
        }
        Currency currency = Currency.getInstance(tenants.get(tenant.id()).currency());
        List<FieldError> errors = new ArrayList<>();
        if (in.customerId() == null) {
            errors.add(new FieldError("customerId", "is required"));
        } else {
            openCustomer(tenant, in.customerId(), errors);
        }
        LocalDate due = in.dueDate() == null ? null : dueDate(in.dueDate(), errors);
        String notes = in.notes() == null ? null : notes(in.notes(), errors);
        List<Line> lines = InvoiceLines.validate(in.lines(), currency, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Totals totals = Totals.of(lines);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Row row = new Row(Ids.next(), null, in.customerId(), InvoiceStatus.DRAFT, currency, totals.subtotal(),
                totals.tax(), totals.total(), 0, null, due, notes, now, 0);
        return db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_invoice (" + COLUMNS
                    + ", tenant_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, row.id());
                s.setNull(2, Types.VARCHAR);
                s.setString(3, row.customerId());
                s.setString(4, row.status().name());
                s.setString(5, currency.getCurrencyCode());
                s.setLong(6, row.subtotal());
                s.setLong(7, row.tax());
                s.setLong(8, row.total());
                s.setLong(9, 0);
                s.setNull(10, Types.DATE);
                setDate(s, 11, due);
                s.setString(12, notes);
                s.setTimestamp(13, Timestamp.from(now));
                s.setString(14, tenant.id());
                s.setTimestamp(15, Timestamp.from(now));
                s.executeUpdate();
            }
            insertLines(c, tenant, row.id(), lines);
            return row.view(lines);
        });
    }

    private static void setDate(PreparedStatement s, int index, LocalDate date) throws SQLException {
        if (date == null) {
            s.setNull(index, Types.DATE);
        } else {
            s.setObject(index, date);
        }
    }

    private static void insertLines(Connection c, TenantRef tenant, String invoiceId, List<Line> lines)
            throws SQLException {
        insertLines(c, tenant, invoiceId, lines, "dotmac_invoice_line", "invoice_id");
    }

    /** Inserts {@code lines} of {@code id} into {@code table} (invoice or credit note lines). */
    static void insertLines(Connection c, TenantRef tenant, String invoiceId, List<Line> lines, String table,
            String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table + " (tenant_id, line_no, " + key + ", "
                + LINE_FIELDS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < lines.size(); i++) {
                Line l = lines.get(i);
                s.setString(1, tenant.id());
                s.setInt(2, i);
                s.setString(3, invoiceId);
                s.setString(4, l.description());
                s.setBigDecimal(5, l.quantity());
                s.setLong(6, l.unitPriceMinor());
                s.setBigDecimal(7, l.taxRate());
                s.setLong(8, l.netMinor());
                s.setLong(9, l.taxMinor());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    @Override
    public Invoice update(TenantRef tenant, String id, Invoice.Input in) {
        if (in == null) {
            throw new ValidationException("body", "the changes are required");
        }
        return db.inTenant(tenant, c -> {
            Row before = find(c, tenant, id, true);
            if (before.status() != InvoiceStatus.DRAFT) {
                throw new ConflictException("Invoice '" + id + "' is " + before.status() + "; only drafts change");
            }
            List<FieldError> errors = new ArrayList<>();
            String customerId = in.customerId() == null ? before.customerId()
                    : openCustomer(tenant, in.customerId(), errors);
            LocalDate due = in.dueDate() == null ? before.dueDate() : dueDate(in.dueDate(), errors);
            String notes = in.notes() == null ? before.notes() : notes(in.notes(), errors);
            List<Line> lines = in.lines() == null ? null : InvoiceLines.validate(in.lines(), before.currency(), errors);
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
            if (lines == null) {
                lines = lines(c, tenant, List.of(id)).getOrDefault(id, List.of());
            } else {
                try (PreparedStatement s = c.prepareStatement(
                        "DELETE FROM dotmac_invoice_line WHERE tenant_id = ? AND invoice_id = ?")) {
                    s.setString(1, tenant.id());
                    s.setString(2, id);
                    s.executeUpdate();
                }
                insertLines(c, tenant, id, lines);
            }
            Totals totals = Totals.of(lines);
            Row after = new Row(id, null, customerId, InvoiceStatus.DRAFT, before.currency(), totals.subtotal(),
                    totals.tax(), totals.total(), 0, null, due, notes, before.createdAt(), 0);
            write(c, tenant, after);
            return after.view(lines);
        });
    }

    private void write(Connection c, TenantRef tenant, Row r) throws SQLException {
        write(c, tenant, r, clock.instant());
    }

    /** Writes an invoice's row as {@code r} says (its lines are written apart). */
    static void write(Connection c, TenantRef tenant, Row r, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_invoice SET number = ?, customer_id = ?, "
                + "status = ?, subtotal_minor = ?, tax_minor = ?, total_minor = ?, paid_minor = ?, issue_date = ?, "
                + "due_date = ?, notes = ?, updated_at = ?, credited_minor = ? WHERE tenant_id = ? AND id = ?")) {
            s.setString(1, r.number());
            s.setString(2, r.customerId());
            s.setString(3, r.status().name());
            s.setLong(4, r.subtotal());
            s.setLong(5, r.tax());
            s.setLong(6, r.total());
            s.setLong(7, r.paid());
            setDate(s, 8, r.issueDate());
            setDate(s, 9, r.dueDate());
            s.setString(10, r.notes());
            s.setTimestamp(11, Timestamp.from(now));
            s.setLong(12, r.credited());
            s.setString(13, tenant.id());
            s.setString(14, r.id());
            s.executeUpdate();
        }
    }

    // ---- transitions

    @Override
    public Invoice issue(TenantRef tenant, String id) {
        return db.inTenant(tenant, c -> {
            Row before = find(c, tenant, id, true);
            if (before.status() != InvoiceStatus.DRAFT) {
                throw new ConflictException("Invoice '" + id + "' is " + before.status() + "; only a draft can be "
                        + "issued");
            }
            // the customer's row stays locked until this transaction ends, so it cannot be closed meanwhile (the
            // close takes the same lock, then counts unpaid invoices)
            if (customers.lock(tenant, before.customerId()).status() == CustomerStatus.CLOSED) {
                throw new ConflictException("Customer '" + before.customerId() + "' is closed");
            }
            LocalDate issued = today();
            LocalDate due = before.dueDate() == null ? issued.plusDays(PAYMENT_TERM_DAYS) : before.dueDate();
            if (due.isBefore(issued)) {
                throw new ConflictException("Invoice '" + id + "' is due " + due + ", before today; change dueDate");
            }
            String number = number(issued.getYear(), reserveNumbers(db, c, tenant, issued.getYear(), 1));
            Row after = new Row(id, number, before.customerId(),
                    before.total() == 0 ? InvoiceStatus.PAID : InvoiceStatus.ISSUED, before.currency(),
                    before.subtotal(), before.tax(), before.total(), 0, issued, due, before.notes(),
                    before.createdAt(), 0);
            write(c, tenant, after);
            events.publish(tenant, BillingEvents.INVOICE_ISSUED, issuedEvent(id, number, after.customerId(),
                    after.total(), after.currency(), due));
            return after.view(lines(c, tenant, List.of(id)).getOrDefault(id, List.of()));
        });
    }

    /** The invoice number {@code INV-<year>-<6 digits>}. */
    static String number(int year, int sequence) {
        return String.format(Locale.ROOT, "INV-%d-%06d", year, sequence);
    }

    /** The properties of an {@link BillingEvents#INVOICE_ISSUED} event. */
    static Map<String, Object> issuedEvent(String id, String number, String customerId, long total,
            Currency currency, LocalDate due) {
        Map<String, Object> p = new HashMap<>();
        p.put(BillingEvents.INVOICE_ID, id);
        p.put(BillingEvents.NUMBER, number);
        p.put(BillingEvents.CUSTOMER_ID, customerId);
        p.put(BillingEvents.TOTAL, Money.amount(total, currency));
        p.put(BillingEvents.CURRENCY, currency.getCurrencyCode());
        p.put(BillingEvents.DUE_DATE, due.toString());
        return p;
    }

    /**
     * Takes the tenant's next {@code count} invoice numbers of {@code year}, counted on the tenant's row of
     * {@code dotmac_invoice_number}, and answers the last of them. The row stays locked until the issuing
     * transaction ends, so concurrent issuers take turns, and a transaction that rolls back gives its numbers back:
     * the numbers have no gaps.
     */
    static int reserveNumbers(Database db, Connection c, TenantRef tenant, int year, int count) throws SQLException {
        return reserveNumbers(db, c, tenant, year, count, "dotmac_invoice_number");
    }

    /** {@link #reserveNumbers(Database, Connection, TenantRef, int, int)} on another numbering table. */
    static int reserveNumbers(Database db, Connection c, TenantRef tenant, int year, int count, String table)
            throws SQLException {
        if (db.vendor().equals("postgresql")) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table + " AS n (tenant_id, "
                    + "invoice_year, last_number) VALUES (?, ?, ?) ON CONFLICT (tenant_id, invoice_year) "
                    + "DO UPDATE SET last_number = n.last_number + ? RETURNING last_number")) {
                s.setString(1, tenant.id());
                s.setInt(2, year);
                s.setInt(3, count);
                s.setInt(4, count);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return checked(rs.getInt(1));
                }
            }
        }
        Integer next = increment(c, tenant, year, count, table);
        if (next == null) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table + " (tenant_id, "
                    + "invoice_year, last_number) VALUES (?, ?, ?)")) {
                s.setString(1, tenant.id());
                s.setInt(2, year);
                s.setInt(3, count);
                s.executeUpdate();
                return checked(count);
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
                next = increment(c, tenant, year, count, table); // another transaction inserted it first (H2 undoes only
                                                          // the failed statement)
            }
        }
        return checked(next);
    }

    private static Integer increment(Connection c, TenantRef tenant, int year, int count, String table)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET last_number = last_number + ? "
                + "WHERE tenant_id = ? AND invoice_year = ?")) {
            s.setInt(1, count);
            s.setString(2, tenant.id());
            s.setInt(3, year);
            if (s.executeUpdate() == 0) {
                return null;
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT last_number FROM " + table + " "
                + "WHERE tenant_id = ? AND invoice_year = ?")) {
            s.setString(1, tenant.id());
            s.setInt(2, year);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    static int checked(int number) {
        if (number > 999_999) {
            throw new ConflictException("The tenant has issued 999999 invoices this year; numbering is exhausted");
        }
        return number;
    }

    @Override
    public Invoice voidInvoice(TenantRef tenant, String id) {
        return db.inTenant(tenant, c -> {
            Row before = find(c, tenant, id, true);
            if (before.status() != InvoiceStatus.DRAFT && before.status() != InvoiceStatus.ISSUED) {
                throw new ConflictException("Invoice '" + id + "' is " + before.status() + "; it cannot be voided");
            }
            if (before.paid() > 0 || hasRefunds(c, tenant, id)) {
                throw new ConflictException("Invoice '" + id + "' has payments; it cannot be voided");
            }
            if (before.credited() > 0) {
                throw new ConflictException("Invoice '" + id + "' has credit notes; it cannot be voided (credit the "
                        + "rest instead)");
            }
            Row after = new Row(id, before.number(), before.customerId(), InvoiceStatus.VOID, before.currency(),
                    before.subtotal(), before.tax(), before.total(), 0, before.issueDate(), before.dueDate(),
                    before.notes(), before.createdAt(), 0);
            write(c, tenant, after);
            return after.view(lines(c, tenant, List.of(id)).getOrDefault(id, List.of()));
        });
    }

    @Override
    public Payment pay(TenantRef tenant, String invoiceId, Payment.Input in) {
        if (in == null) {
            throw new ValidationException("body", "a payment is required");
        }
        return db.inTenant(tenant, c -> {
            Row before = find(c, tenant, invoiceId, true);
            List<FieldError> errors = new ArrayList<>();
            long amount = 0;
            if (in.amount() == null) {
                errors.add(new FieldError("amount", "is required, as a decimal string such as \"49.90\""));
            } else {
                amount = Money.minorUnits(in.amount(), before.currency(), "amount", errors);
                if (errors.isEmpty() && amount == 0) {
                    errors.add(new FieldError("amount", "must be more than 0"));
                }
            }
            PaymentMethod method = Values.oneOf(PaymentMethod.class, in.method(), "method", errors);
            String reference = in.reference() == null || in.reference().isBlank() ? null : in.reference().strip();
            if (reference != null && reference.length() > MAX_REFERENCE) {
                errors.add(new FieldError("reference", "must be at most " + MAX_REFERENCE + " characters"));
            }
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
            if (before.status() != InvoiceStatus.ISSUED) {
                throw new ConflictException("Invoice '" + invoiceId + "' is " + before.status()
                        + "; payments are taken on issued invoices only");
            }
            if (amount > before.balance()) {
                throw new ValidationException("amount", "exceeds the balance of "
                        + Money.amount(before.balance(), before.currency()) + " " + before.currency());
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Payment payment = new Payment(Ids.next(), invoiceId, Money.amount(amount, before.currency()), method,
                    reference, now);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_payment (id, tenant_id, invoice_id, "
                    + "amount_minor, method, reference, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, payment.id());
                s.setString(2, tenant.id());
                s.setString(3, invoiceId);
                s.setLong(4, amount);
                s.setString(5, method.name());
                s.setString(6, reference);
                s.setTimestamp(7, Timestamp.from(now));
                s.executeUpdate();
            }
            Row after = before.settle(before.paid() + amount, before.credited());
            write(c, tenant, after);
            Map<String, Object> event = new HashMap<>();
            event.put(BillingEvents.INVOICE_ID, invoiceId);
            event.put(BillingEvents.NUMBER, before.number());
            event.put(BillingEvents.CUSTOMER_ID, before.customerId());
            event.put(BillingEvents.PAYMENT_ID, payment.id());
            event.put(BillingEvents.AMOUNT, payment.amount());
            event.put(BillingEvents.CURRENCY, before.currency().getCurrencyCode());
            event.put(BillingEvents.BALANCE, Money.amount(after.balance(), before.currency()));
            event.put(BillingEvents.PAID, after.status() == InvoiceStatus.PAID);
            events.publish(tenant, BillingEvents.PAYMENT_RECEIVED, event);
            return payment;
        });
    }
}
