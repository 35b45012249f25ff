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
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.billing.basic.BillingEvents;
import io.dotmac.billing.basic.Plan;
import io.dotmac.billing.basic.PlanService;
import io.dotmac.billing.basic.Subscription;
import io.dotmac.billing.basic.SubscriptionInput;
import io.dotmac.billing.basic.SubscriptionService;
import io.dotmac.billing.basic.SubscriptionStatus;
import io.dotmac.customers.Customer;
import io.dotmac.customers.CustomerGuard;
import io.dotmac.customers.CustomerService;
import io.dotmac.customers.CustomerStatus;
import io.dotmac.persistence.Database;
import io.dotmac.persistence.DomainEvents;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.persistence.PagedQuery;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.tenant.TenantService;

/** {@link SubscriptionService} on table {@code dotmac_subscription}. */
@Component(service = { SubscriptionService.class, CustomerGuard.class })
public class SubscriptionRegistry implements SubscriptionService, CustomerGuard {

    private static final String COLUMNS = "id, customer_id, plan_id, start_date, status, next_billing_date, cancel_at, "
            + "created_at";

    private final Database db;
    private final CustomerService customers;
    private final PlanService plans;
    private final TenantService tenants;
    private final DomainEvents events;
    private final Clock clock;

    @Activate
    public SubscriptionRegistry(@Reference Database db, @Reference CustomerService customers,
            @Reference PlanService plans, @Reference TenantService tenants, @Reference DomainEvents events,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=billing)") MigratedSchema schema) {
        this.db = db;
        this.events = events;
        this.customers = customers;
        this.plans = plans;
        this.tenants = tenants;
        this.clock = Clock.systemUTC();
    }

    /**
     * A customer with subscriptions not cancelled is not closed (409 naming them): closing would leave them billed
     * by every later run, or failing it. Cancel them first (they may end on a date).
     */
    @Override
    public void beforeClose(TenantRef tenant, String customerId) {
        List<String> open = db.inTenant(tenant, c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM dotmac_subscription WHERE tenant_id = ? "
                    + "AND customer_id = ? AND status <> 'CANCELLED' ORDER BY id")) {
                s.setString(1, tenant.id());
                s.setString(2, customerId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
        if (!open.isEmpty()) {
            throw new ConflictException("Customer '" + customerId + "' has " + open.size() + " subscription"
                    + (open.size() == 1 ? "" : "s") + " not cancelled (" + String.join(", ", open.subList(0,
                            Math.min(10, open.size()))) + (open.size() > 10 ? ", ..." : "")
                    + "); cancel them first (POST /api/v1/subscriptions/{id}/cancel?at=NOW)");
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static Subscription read(ResultSet rs) throws SQLException {
        return new Subscription(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, LocalDate.class),
                SubscriptionStatus.valueOf(rs.getString(5)), rs.getObject(6, LocalDate.class),
                rs.getObject(7, LocalDate.class), rs.getTimestamp(8).toInstant());
    }

    /** The active plan {@code id} of the tenant, or an error naming {@code planId}. */
    private Plan activePlan(TenantRef tenant, String id, List<FieldError> errors) {
        try {
            Plan plan = plans.get(tenant, id);
            String currency = PlanRegistry.currencyOf(tenants, tenant);
            if (!plan.active()) {
                errors.add(new FieldError("planId", "plan '" + id + "' is not active"));
            } else if (currency != null && !plan.currency().equals(currency)) {
                errors.add(new FieldError("planId", "plan '" + id + "' is in " + plan.currency() + ", but this tenant "
                        + "bills in " + currency));
            }
            return plan;
        } catch (NotFoundException e) {
            errors.add(new FieldError("planId", "no plan '" + id + "'"));
            return null;
        }
    }

    @Override
    public Subscription create(TenantRef tenant, SubscriptionInput in) {
        if (in == null) {
            throw new ValidationException("body", "a subscription is required");
        }
        List<FieldError> errors = new ArrayList<>();
        if (in.customerId() == null) {
            errors.add(new FieldError("customerId", "is required"));
        } else {
            try {
                Customer customer = customers.get(tenant, in.customerId());
                if (customer.status() == CustomerStatus.CLOSED) {
                    errors.add(new FieldError("customerId", "customer '" + in.customerId() + "' is closed"));
                }
            } catch (NotFoundException e) {
                errors.add(new FieldError("customerId", "no customer '" + in.customerId() + "'"));
            }
        }
        if (in.planId() == null) {
            errors.add(new FieldError("planId", "is required"));
        } else {
            activePlan(tenant, in.planId(), errors);
        }
        LocalDate start = null;
        if (in.startDate() == null) {
            errors.add(new FieldError("startDate", "is required, as yyyy-MM-dd"));
        } else {
            try {
                start = LocalDate.parse(in.startDate());
                if (start.isBefore(today().minusYears(1)) || start.isAfter(today().plusYears(1))) {
                    errors.add(new FieldError("startDate", "must be within a year of today"));
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("startDate", "must be a date as yyyy-MM-dd"));
            }
        }
        if (in.status() != null) {
            errors.add(new FieldError("status", "is set by the service (ACTIVE)"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Subscription created = new Subscription(Ids.next(), in.customerId(), in.planId(), start,
                SubscriptionStatus.ACTIVE, start, null, now);
        return db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_subscription (" + COLUMNS
                    + ", tenant_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, created.id());
                s.setString(2, created.customerId());
                s.setString(3, created.planId());
                s.setObject(4, created.startDate());
                s.setString(5, created.status().name());
                s.setObject(6, created.nextBillingDate());
                s.setNull(7, java.sql.Types.DATE);
                s.setTimestamp(8, Timestamp.from(now));
                s.setString(9, tenant.id());
                s.setTimestamp(10, Timestamp.from(now));
                s.executeUpdate();
            }
            return created;
        });
    }

    @Override
    public Subscription get(TenantRef tenant, String id) {
        return db.inTenant(tenant, c -> find(c, tenant, id, false));
    }

    private static Subscription find(Connection c, TenantRef tenant, String id, boolean lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM dotmac_subscription "
                + "WHERE tenant_id = ? AND id = ?" + (lock ? " FOR UPDATE" : ""))) {
            s.setString(1, tenant.id());
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("No subscription '" + id + "'");
                }
                return read(rs);
            }
        }
    }

    @Override
    public Page<Subscription> list(TenantRef tenant, String customerId, SubscriptionStatus status, int limit,
            String cursor) {
        PagedQuery page = PagedQuery.of(COLUMNS, "dotmac_subscription", tenant.id());
        if (customerId != null) {
            page.where("customer_id = ?", customerId);
        }
        if (status != null) {
            page.where("status = ?", status.name());
        }
        return db.inTenant(tenant, c -> page.fetch(c, SubscriptionRegistry::read, Subscription::id, limit, cursor));
    }

    @Override
    public Subscription update(TenantRef tenant, String id, SubscriptionInput in) {
        if (in == null) {
            throw new ValidationException("body", "the changes are required");
        }
        List<FieldError> errors = new ArrayList<>();
        if (in.customerId() != null) {
            errors.add(new FieldError("customerId", "cannot change"));
        }
        if (in.startDate() != null) {
            errors.add(new FieldError("startDate", "cannot change"));
        }
        SubscriptionStatus status = null;
        if (in.status() != null) {
            if (in.status().equals("ACTIVE") || in.status().equals("SUSPENDED")) {
                status = SubscriptionStatus.valueOf(in.status());
            } else {
                errors.add(new FieldError("status", "must be ACTIVE or SUSPENDED (cancel with POST .../cancel)"));
            }
        }
        if (in.planId() != null) {
            activePlan(tenant, in.planId(), errors);
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        SubscriptionStatus newStatus = status;
        return db.inTenant(tenant, c -> {
            Subscription before = find(c, tenant, id, true);
            if (before.status() == SubscriptionStatus.CANCELLED) {
                throw new ConflictException("Subscription '" + id + "' is cancelled");
            }
            Subscription after = new Subscription(before.id(), before.customerId(),
                    in.planId() != null ? in.planId() : before.planId(), before.startDate(),
                    newStatus != null ? newStatus : before.status(), before.nextBillingDate(), before.cancelAt(),
                    before.createdAt());
            write(c, tenant, after);
            if (!after.planId().equals(before.planId())) {
                recordPlanChange(c, tenant, before, after.planId());
            }
            announce(tenant, before, after);
            return after;
        });
    }

    /** Keeps a plan change, so recurring billing can prorate the period it falls in. */
    private void recordPlanChange(Connection c, TenantRef tenant, Subscription before, String toPlan)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_subscription_change (id, tenant_id, "
                + "subscription_id, changed_on, from_plan_id, to_plan_id, settled, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, Ids.next());
            s.setString(2, tenant.id());
            s.setString(3, before.id());
            s.setObject(4, today());
            s.setString(5, before.planId());
            s.setString(6, toPlan);
            s.setBoolean(7, false);
            s.setTimestamp(8, Timestamp.from(clock.instant()));
            s.executeUpdate();
        }
    }

    @Override
    public Subscription cancel(TenantRef tenant, String id, boolean atEndOfPeriod) {
        return db.inTenant(tenant, c -> {
            Subscription before = find(c, tenant, id, true);
            if (before.status() == SubscriptionStatus.CANCELLED) {
                return before;
            }
            Subscription after = atEndOfPeriod
                    ? new Subscription(before.id(), before.customerId(), before.planId(), before.startDate(),
                            before.status(), before.nextBillingDate(), before.nextBillingDate(), before.createdAt())
                    : new Subscription(before.id(), before.customerId(), before.planId(), before.startDate(),
                            SubscriptionStatus.CANCELLED, before.nextBillingDate(), today(), before.createdAt());
            write(c, tenant, after);
            announce(tenant, before, after);
            return after;
        });
    }

    /** Publishes {@code SUBSCRIPTION_CHANGED} (in the changing transaction) when the status or the plan changed. */
    private void announce(TenantRef tenant, Subscription before, Subscription after) {
        if (before.status() != after.status() || !before.planId().equals(after.planId())) {
            events.publish(tenant, BillingEvents.SUBSCRIPTION_CHANGED, changed(before, after.status(), after.planId()));
        }
    }

    /** The properties of {@code SUBSCRIPTION_CHANGED} for {@code before} moving to {@code status} and {@code plan}. */
    static java.util.Map<String, Object> changed(Subscription before, SubscriptionStatus status, String plan) {
        return java.util.Map.of(BillingEvents.SUBSCRIPTION_ID, before.id(), BillingEvents.CUSTOMER_ID,
                before.customerId(), BillingEvents.STATUS, status.name(), BillingEvents.PREVIOUS_STATUS,
                before.status().name(), BillingEvents.PLAN_ID, plan, BillingEvents.PREVIOUS_PLAN_ID, before.planId());
    }

    private void write(Connection c, TenantRef tenant, Subscription s) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE dotmac_subscription SET plan_id = ?, status = ?, "
                + "next_billing_date = ?, cancel_at = ?, updated_at = ? WHERE tenant_id = ? AND id = ?")) {
            u.setString(1, s.planId());
            u.setString(2, s.status().name());
            u.setObject(3, s.nextBillingDate());
            if (s.cancelAt() == null) {
                u.setNull(4, java.sql.Types.DATE);
            } else {
                u.setObject(4, s.cancelAt());
            }
            u.setTimestamp(5, Timestamp.from(clock.instant()));
            u.setString(6, tenant.id());
            u.setString(7, s.id());
            u.executeUpdate();
        }
    }
}
