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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.billing.basic.BillingEvents;
import io.dotmac.billing.basic.InvoiceStatus;
import io.dotmac.billing.basic.Plan;
import io.dotmac.billing.basic.RecurringBilling;
import io.dotmac.billing.basic.internal.InvoiceLines.Totals;
import io.dotmac.customers.Customer;
import io.dotmac.customers.CustomerService;
import io.dotmac.customers.CustomerStatus;
import io.dotmac.persistence.Database;
import io.dotmac.persistence.DomainEvents;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.tenant.TenantService;

/**
 * {@link RecurringBilling} on the billing tables: every step works on a whole batch with a handful of statements
 * (one query per kind of row, batched inserts and updates), so a run over thousands of subscriptions costs few round
 * trips per invoice.
 */
@Component(service = RecurringBilling.class)
public class RecurringInvoicing implements RecurringBilling {

    private final Database db;
    private final CustomerService customers;
    private final TenantService tenants;
    private final DomainEvents events;
    private final Clock clock;

    @Activate
    public RecurringInvoicing(@Reference Database db, @Reference CustomerService customers,
            @Reference TenantService tenants, @Reference DomainEvents events,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=billing)") MigratedSchema schema) {
        this.db = db;
        this.customers = customers;
        this.tenants = tenants;
        this.events = events;
        this.clock = Clock.systemUTC();
    }

    private static final String DUE = "FROM dotmac_subscription WHERE tenant_id = ? AND status = 'ACTIVE' "
            + "AND next_billing_date <= ? AND (cancel_at IS NULL OR next_billing_date < cancel_at)";

    @Override
    public List<DueSubscription> lockDue(TenantRef tenant, LocalDate date, String afterId, int limit) {
        return db.inTenant(tenant, c -> {
            record Row(String id, String customerId, LocalDate start, LocalDate next, LocalDate cancelAt,
                    String planId) {
            }
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, customer_id, start_date, next_billing_date, "
                    + "cancel_at, plan_id " + DUE + (afterId == null ? "" : " AND id > ?")
                    + " ORDER BY id LIMIT ? FOR UPDATE")) {
                int i = 1;
                s.setString(i++, tenant.id());
                s.setObject(i++, date);
                if (afterId != null) {
                    s.setString(i++, afterId);
                }
                s.setInt(i, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class),
                                rs.getObject(4, LocalDate.class), rs.getObject(5, LocalDate.class), rs.getString(6)));
                    }
                }
            }
            if (rows.isEmpty()) {
                return List.of();
            }
            Map<String, List<String[]>> changeRows = new HashMap<>();
            Set<String> planIds = new LinkedHashSet<>();
            rows.forEach(r -> planIds.add(r.planId()));
            List<String> ids = rows.stream().map(Row::id).toList();
            try (PreparedStatement s = c.prepareStatement("SELECT subscription_id, id, changed_on, from_plan_id, "
                    + "to_plan_id FROM dotmac_subscription_change WHERE tenant_id = ? AND settled = ? "
                    + "AND subscription_id IN (" + marks(ids.size()) + ") ORDER BY changed_on, created_at, id")) {
                s.setString(1, tenant.id());
                s.setBoolean(2, false);
                bindAll(s, 3, ids);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        changeRows.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new String[] {
                            rs.getString(2), rs.getObject(3, LocalDate.class).toString(), rs.getString(4),
                            rs.getString(5) });
                        planIds.add(rs.getString(4));
                        planIds.add(rs.getString(5));
                    }
                }
            }
            Map<String, Plan> plans = plans(c, tenant, planIds);
            Map<String, Customer> owners = customers.lockAll(tenant, rows.stream().map(Row::customerId).toList());
            List<DueSubscription> due = new ArrayList<>(rows.size());
            for (Row r : rows) {
                List<PlanChange> changes = changeRows.getOrDefault(r.id(), List.of()).stream()
                        .map(ch -> new PlanChange(ch[0], LocalDate.parse(ch[1]), plans.get(ch[2]), plans.get(ch[3])))
                        .toList();
                Customer owner = owners.get(r.customerId());
                due.add(new DueSubscription(r.id(), r.customerId(),
                        owner == null || owner.status() == CustomerStatus.CLOSED, r.start(), r.next(), r.cancelAt(),
                        plans.get(r.planId()), changes));
            }
            return due;
        });
    }

    private static Map<String, Plan> plans(Connection c, TenantRef tenant, Collection<String> ids)
            throws SQLException {
        Map<String, Plan> plans = new HashMap<>();
        List<String> list = List.copyOf(ids);
        try (PreparedStatement s = c.prepareStatement("SELECT " + PlanRegistry.COLUMNS + " FROM dotmac_plan "
                + "WHERE tenant_id = ? AND id IN (" + marks(list.size()) + ")")) {
            s.setString(1, tenant.id());
            bindAll(s, 2, list);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Plan p = PlanRegistry.read(rs);
                    plans.put(p.id(), p);
                }
            }
        }
        return plans;
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static void bindAll(PreparedStatement s, int from, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            s.setString(from + i, values.get(i));
        }
    }

    @Override
    public int countDue(TenantRef tenant, LocalDate date) {
        return db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) " + DUE)) {
                s.setString(1, tenant.id());
                s.setObject(2, date);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Override
    public List<IssuedCharge> issue(TenantRef tenant, LocalDate issueDate, String runId, List<Charge> charges) {
        if (charges.isEmpty()) {
            return List.of();
        }
        Currency currency = Currency.getInstance(tenants.get(tenant.id()).currency());
        LocalDate due = issueDate.plusDays(InvoiceRegistry.PAYMENT_TERM_DAYS);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return db.inTenant(tenant, c -> {
            int first = InvoiceRegistry.reserveNumbers(db, c, tenant, issueDate.getYear(), charges.size())
                    - charges.size() + 1;
            List<IssuedCharge> issued = new ArrayList<>(charges.size());
            try (PreparedStatement invoice = c.prepareStatement("INSERT INTO dotmac_invoice (id, number, customer_id, "
                    + "status, currency, subtotal_minor, tax_minor, total_minor, paid_minor, issue_date, due_date, "
                    + "notes, created_at, tenant_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement line = c.prepareStatement("INSERT INTO dotmac_invoice_line (tenant_id, line_no, "
                            + "invoice_id, description, quantity, unit_price_minor, tax_rate, net_minor, tax_minor) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int n = 0; n < charges.size(); n++) {
                    Charge charge = charges.get(n);
                    String id = Ids.next();
                    String number = InvoiceRegistry.number(issueDate.getYear(), first + n);
                    List<InvoiceLines.Line> lines = new ArrayList<>(charge.lines().size());
                    for (RecurringBilling.Line l : charge.lines()) {
                        BigDecimal rate = InvoiceLines.plain(l.taxRate());
                        lines.add(new InvoiceLines.Line(l.description(), BigDecimal.ONE, l.amountMinor(), rate, l.amountMinor(),
                                InvoiceLines.tax(l.amountMinor(), rate)));
                    }
                    Totals totals = Totals.of(lines);
                    if (lines.isEmpty() || totals.subtotal() < 0 || totals.tax() < 0) {
                        throw new IllegalArgumentException("the charge of subscription " + charge.subscriptionId()
                                + " from " + charge.periodStart() + " has no lines or a negative total");
                    }
                    invoice.setString(1, id);
                    invoice.setString(2, number);
                    invoice.setString(3, charge.customerId());
                    invoice.setString(4, (totals.total() == 0 ? InvoiceStatus.PAID : InvoiceStatus.ISSUED).name());
                    invoice.setString(5, currency.getCurrencyCode());
                    invoice.setLong(6, totals.subtotal());
                    invoice.setLong(7, totals.tax());
                    invoice.setLong(8, totals.total());
                    invoice.setLong(9, 0);
                    invoice.setObject(10, issueDate);
                    invoice.setObject(11, due);
                    invoice.setNull(12, Types.VARCHAR);
                    invoice.setTimestamp(13, Timestamp.from(now));
                    invoice.setString(14, tenant.id());
                    invoice.setTimestamp(15, Timestamp.from(now));
                    invoice.addBatch();
                    for (int i = 0; i < lines.size(); i++) {
                        InvoiceLines.Line l = lines.get(i);
                        line.setString(1, tenant.id());
                        line.setInt(2, i);
                        line.setString(3, id);
                        line.setString(4, l.description());
                        line.setBigDecimal(5, l.quantity());
                        line.setLong(6, l.unitPriceMinor());
                        line.setBigDecimal(7, l.taxRate());
                        line.setLong(8, l.netMinor());
                        line.setLong(9, l.taxMinor());
                        line.addBatch();
                    }
                    issued.add(new IssuedCharge(charge.subscriptionId(), charge.periodStart(), charge.periodEnd(), id,
                            number, totals.total()));
                    Map<String, Object> event = InvoiceRegistry.issuedEvent(id, number, charge.customerId(),
                            totals.total(), currency, due);
                    event.put(BillingEvents.RUN_ID, runId);
                    event.put(BillingEvents.SUBSCRIPTION_ID, charge.subscriptionId());
                    events.publish(tenant, BillingEvents.INVOICE_ISSUED, event);
                }
                invoice.executeBatch();
                line.executeBatch();
            }
            advance(c, tenant, charges, now);
            return issued;
        });
    }

    /** Moves each charged subscription to its next period, and marks the plan changes the charges settled. */
    private static void advance(Connection c, TenantRef tenant, List<Charge> charges, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_subscription SET next_billing_date = ?, "
                + "updated_at = ? WHERE tenant_id = ? AND id = ? AND next_billing_date = ?")) {
            for (Charge charge : charges) {
                s.setObject(1, charge.periodEnd());
                s.setTimestamp(2, Timestamp.from(now));
                s.setString(3, tenant.id());
                s.setString(4, charge.subscriptionId());
                s.setObject(5, charge.periodStart());
                s.addBatch();
            }
            int[] counts = s.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    throw new ConflictException("Subscription '" + charges.get(i).subscriptionId()
                            + "' is no longer due from " + charges.get(i).periodStart());
                }
            }
        }
        List<String> settled = charges.stream().flatMap(ch -> ch.settledChanges().stream()).toList();
        if (!settled.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_subscription_change SET settled = ? "
                    + "WHERE tenant_id = ? AND id = ?")) {
                for (String id : settled) {
                    s.setBoolean(1, true);
                    s.setString(2, tenant.id());
                    s.setString(3, id);
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
    }

    @Override
    public int endCancelled(TenantRef tenant, LocalDate date) {
        String ending = "FROM dotmac_subscription WHERE tenant_id = ? AND status IN ('ACTIVE', 'SUSPENDED') "
                + "AND cancel_at IS NOT NULL AND cancel_at <= ? AND next_billing_date >= cancel_at";
        return db.inTenant(tenant, c -> {
            // the ones ending, for their SUBSCRIPTION_CHANGED (the update below takes the same rows: one transaction)
            List<Map<String, Object>> ended = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, customer_id, plan_id, status " + ending)) {
                s.setString(1, tenant.id());
                s.setObject(2, date);
                try (java.sql.ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ended.add(Map.of(BillingEvents.SUBSCRIPTION_ID, rs.getString(1), BillingEvents.CUSTOMER_ID,
                                rs.getString(2), BillingEvents.STATUS, "CANCELLED", BillingEvents.PREVIOUS_STATUS,
                                rs.getString(4), BillingEvents.PLAN_ID, rs.getString(3),
                                BillingEvents.PREVIOUS_PLAN_ID, rs.getString(3)));
                    }
                }
            }
            int count;
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_subscription SET status = 'CANCELLED', "
                    + "updated_at = ? WHERE id IN (SELECT id " + ending + ")")) {
                s.setTimestamp(1, Timestamp.from(clock.instant()));
                s.setString(2, tenant.id());
                s.setObject(3, date);
                count = s.executeUpdate();
            }
            for (Map<String, Object> event : ended) {
                events.publish(tenant, BillingEvents.SUBSCRIPTION_CHANGED, event);
            }
            return count;
        });
    }

    @Override
    public List<OverdueInvoice> overdue(TenantRef tenant, LocalDate date, String afterId, int limit) {
        return db.inTenant(tenant, c -> {
            List<OverdueInvoice> overdue = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, number, customer_id, due_date, total_minor, "
                    + "paid_minor, currency FROM dotmac_invoice WHERE tenant_id = ? AND status = 'ISSUED' "
                    + "AND due_date < ?" + (afterId == null ? "" : " AND id > ?") + " ORDER BY id LIMIT ?")) {
                int i = 1;
                s.setString(i++, tenant.id());
                s.setObject(i++, date);
                if (afterId != null) {
                    s.setString(i++, afterId);
                }
                s.setInt(i, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Currency currency = Currency.getInstance(rs.getString(7));
                        overdue.add(new OverdueInvoice(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getObject(4, LocalDate.class), Money.amount(rs.getLong(5) - rs.getLong(6),
                                        currency), currency.getCurrencyCode()));
                    }
                }
            }
            return overdue;
        });
    }
}
