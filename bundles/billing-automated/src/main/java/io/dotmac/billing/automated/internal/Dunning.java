package io.dotmac.billing.automated.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.billing.automated.BillingSettings;
import io.dotmac.billing.automated.BillingSettings.DunningStep;
import io.dotmac.billing.basic.BillingEvents;
import io.dotmac.billing.basic.InvoiceService;
import io.dotmac.billing.basic.InvoiceStatus;
import io.dotmac.billing.basic.RecurringBilling;
import io.dotmac.billing.basic.RecurringBilling.OverdueInvoice;
import io.dotmac.billing.basic.Subscription;
import io.dotmac.billing.basic.SubscriptionInput;
import io.dotmac.billing.basic.SubscriptionService;
import io.dotmac.billing.basic.SubscriptionStatus;
import io.dotmac.customers.Customer;
import io.dotmac.customers.CustomerInput;
import io.dotmac.customers.CustomerService;
import io.dotmac.customers.CustomerStatus;
import io.dotmac.persistence.Database;
import io.dotmac.persistence.DomainEvents;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;

/**
 * Dunning: for each unpaid invoice past its due date, the steps of the tenant's settings it has reached, each
 * recorded once ({@code dotmac_dunning_step}), with one {@link BillingEvents#PAYMENT_OVERDUE} for the furthest step
 * reached. A {@code SUSPEND} step suspends the customer and their active subscriptions and keeps what it suspended in
 * a hold; once none of the customer's invoices that reached a {@code SUSPEND} step is owed any more, the hold is
 * released: exactly those are resumed and {@link BillingEvents#SERVICE_RESUMED} is posted.
 */
@Component(service = Dunning.class)
public class Dunning {

    private static final int PAGE = 500;

    private final Database db;
    private final RecurringBilling recurring;
    private final InvoiceService invoices;
    private final SubscriptionService subscriptions;
    private final CustomerService customers;
    private final DomainEvents events;

    @Activate
    public Dunning(@Reference Database db, @Reference RecurringBilling recurring, @Reference InvoiceService invoices,
            @Reference SubscriptionService subscriptions, @Reference CustomerService customers,
            @Reference DomainEvents events,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=automated_billing)") MigratedSchema schema) {
        this.db = db;
        this.recurring = recurring;
        this.invoices = invoices;
        this.subscriptions = subscriptions;
        this.customers = customers;
        this.events = events;
    }

    /** Takes every overdue invoice of the tenant through the steps reached by {@code date}, then releases holds. */
    void run(TenantRef tenant, LocalDate date, BillingSettings settings) {
        List<DunningStep> steps = settings.dunning();
        if (!steps.isEmpty()) {
            String cursor = null;
            while (true) {
                List<OverdueInvoice> page = recurring.overdue(tenant, date, cursor, PAGE);
                if (page.isEmpty()) {
                    break;
                }
                db.inTenant(tenant, c -> {
                    advance(c, tenant, date, steps, page);
                    return null;
                });
                cursor = page.get(page.size() - 1).id();
            }
        }
        for (String customerId : heldCustomers(tenant)) {
            releaseIfPaid(tenant, customerId);
        }
    }

    private void advance(Connection c, TenantRef tenant, LocalDate date, List<DunningStep> steps,
            List<OverdueInvoice> page) throws SQLException {
        Map<String, Integer> reached = reachedSteps(c, tenant, page.stream().map(OverdueInvoice::id).toList());
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_dunning_step (tenant_id, invoice_id, step, "
                + "action, customer_id, reached_on) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (OverdueInvoice invoice : page) {
                long days = ChronoUnit.DAYS.between(invoice.dueDate(), date);
                int already = reached.getOrDefault(invoice.id(), 0);
                int furthest = already;
                boolean suspend = false;
                for (int i = already; i < steps.size() && steps.get(i).afterDays() <= days; i++) {
                    s.setString(1, tenant.id());
                    s.setString(2, invoice.id());
                    s.setInt(3, i + 1);
                    s.setString(4, steps.get(i).action());
                    s.setString(5, invoice.customerId());
                    s.setObject(6, date);
                    s.addBatch();
                    furthest = i + 1;
                    suspend |= steps.get(i).action().equals("SUSPEND");
                }
                if (furthest > already) {
                    if (suspend) {
                        hold(c, tenant, invoice.customerId(), date);
                    }
                    Map<String, Object> event = new HashMap<>();
                    event.put(BillingEvents.INVOICE_ID, invoice.id());
                    event.put(BillingEvents.NUMBER, invoice.number());
                    event.put(BillingEvents.CUSTOMER_ID, invoice.customerId());
                    event.put(BillingEvents.BALANCE, invoice.balance());
                    event.put(BillingEvents.CURRENCY, invoice.currency());
                    event.put(BillingEvents.DUE_DATE, invoice.dueDate().toString());
                    event.put(BillingEvents.DAYS_OVERDUE, days);
                    event.put(BillingEvents.STEP, furthest);
                    event.put(BillingEvents.ACTION, steps.get(furthest - 1).action());
                    events.publish(tenant, BillingEvents.PAYMENT_OVERDUE, event);
                }
            }
            s.executeBatch();
        }
    }

    /** How many steps each invoice has reached so far. */
    private static Map<String, Integer> reachedSteps(Connection c, TenantRef tenant, List<String> invoiceIds)
            throws SQLException {
        Map<String, Integer> reached = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT invoice_id, MAX(step) FROM dotmac_dunning_step "
                + "WHERE tenant_id = ? AND invoice_id IN (" + String.join(", ", Collections.nCopies(invoiceIds.size(),
                        "?")) + ") GROUP BY invoice_id")) {
            s.setString(1, tenant.id());
            for (int i = 0; i < invoiceIds.size(); i++) {
                s.setString(i + 2, invoiceIds.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    reached.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return reached;
    }

    /** Suspends the customer and their active subscriptions, unless a hold of theirs is open already. */
    private void hold(Connection c, TenantRef tenant, String customerId, LocalDate date) throws SQLException {
        Customer customer = customers.lock(tenant, customerId);
        if (openHold(c, tenant, customerId) != null || customer.status() == CustomerStatus.CLOSED) {
            return;
        }
        List<String> suspended = new ArrayList<>();
        String cursor = null;
        do {
            Page<Subscription> page = subscriptions.list(tenant, customerId, SubscriptionStatus.ACTIVE,
                    Page.MAX_LIMIT, cursor);
            for (Subscription s : page.items()) {
                subscriptions.update(tenant, s.id(), new SubscriptionInput(null, null, null, "SUSPENDED"));
                suspended.add(s.id());
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        boolean customerSuspended = customer.status() == CustomerStatus.ACTIVE;
        if (customerSuspended) {
            customers.update(tenant, customerId, new CustomerInput(null, null, null, null, "SUSPENDED"));
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_dunning_hold (id, tenant_id, customer_id, "
                + "customer_suspended, subscription_ids, held_on) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, Ids.next());
            s.setString(2, tenant.id());
            s.setString(3, customerId);
            s.setBoolean(4, customerSuspended);
            s.setString(5, String.join(",", suspended));
            s.setObject(6, date);
            s.executeUpdate();
        }
    }

    /** The customer's open hold: its id, whether the customer was suspended, and the subscriptions. */
    private static String[] openHold(Connection c, TenantRef tenant, String customerId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, customer_suspended, subscription_ids "
                + "FROM dotmac_dunning_hold WHERE tenant_id = ? AND customer_id = ? AND released_at IS NULL")) {
            s.setString(1, tenant.id());
            s.setString(2, customerId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new String[] { rs.getString(1), String.valueOf(rs.getBoolean(2)),
                    rs.getString(3) } : null;
            }
        }
    }

    private List<String> heldCustomers(TenantRef tenant) {
        return db.inTenant(tenant, c -> {
            List<String> held = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT customer_id FROM dotmac_dunning_hold "
                    + "WHERE tenant_id = ? AND released_at IS NULL ORDER BY customer_id")) {
                s.setString(1, tenant.id());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        held.add(rs.getString(1));
                    }
                }
            }
            return held;
        });
    }

    /**
     * Releases the customer's hold once no invoice of theirs that reached a SUSPEND step is owed any more: resumes
     * the subscriptions it suspended (those still suspended) and the customer, and posts SERVICE_RESUMED.
     *
     * @return whether a hold was released
     */
    boolean releaseIfPaid(TenantRef tenant, String customerId) {
        return db.inTenant(tenant, c -> {
            customers.lock(tenant, customerId); // one release at a time, and no close meanwhile
            String[] hold = openHold(c, tenant, customerId);
            if (hold == null || stillOwed(c, tenant, customerId)) {
                return false;
            }
            List<String> resumed = new ArrayList<>();
            for (String id : hold[2].isEmpty() ? new String[0] : hold[2].split(",")) {
                try {
                    if (subscriptions.get(tenant, id).status() == SubscriptionStatus.SUSPENDED) {
                        subscriptions.update(tenant, id, new SubscriptionInput(null, null, null, "ACTIVE"));
                        resumed.add(id);
                    }
                } catch (NotFoundException e) {
                    // gone meanwhile: nothing to resume
                }
            }
            if (Boolean.parseBoolean(hold[1])
                    && customers.get(tenant, customerId).status() == CustomerStatus.SUSPENDED) {
                customers.update(tenant, customerId, new CustomerInput(null, null, null, null, "ACTIVE"));
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_dunning_hold SET released_at = ? "
                    + "WHERE tenant_id = ? AND id = ?")) {
                s.setTimestamp(1, Timestamp.from(Instant.now()));
                s.setString(2, tenant.id());
                s.setString(3, hold[0]);
                s.executeUpdate();
            }
            Map<String, Object> event = new HashMap<>();
            event.put(BillingEvents.CUSTOMER_ID, customerId);
            event.put(BillingEvents.SUBSCRIPTION_IDS, List.copyOf(resumed));
            events.publish(tenant, BillingEvents.SERVICE_RESUMED, event);
            return true;
        });
    }

    /** Whether an invoice of the customer that reached a SUSPEND step is still owed. */
    private boolean stillOwed(Connection c, TenantRef tenant, String customerId) throws SQLException {
        Set<String> suspending = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT invoice_id FROM dotmac_dunning_step WHERE tenant_id = ? "
                + "AND customer_id = ? AND action = 'SUSPEND'")) {
            s.setString(1, tenant.id());
            s.setString(2, customerId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    suspending.add(rs.getString(1));
                }
            }
        }
        for (String invoiceId : suspending) {
            if (invoices.get(tenant, invoiceId).status() == InvoiceStatus.ISSUED) {
                return true;
            }
        }
        return false;
    }
}
