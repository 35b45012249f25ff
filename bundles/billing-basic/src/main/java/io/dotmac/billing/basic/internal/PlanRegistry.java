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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.billing.basic.BillingEvents;
import io.dotmac.billing.basic.BillingPeriod;
import io.dotmac.billing.basic.Plan;
import io.dotmac.billing.basic.PlanInput;
import io.dotmac.billing.basic.PlanService;
import io.dotmac.persistence.Database;
import io.dotmac.persistence.DomainEvents;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantService;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.persistence.PagedQuery;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.ValidationException;

/** {@link PlanService} on table {@code dotmac_plan}; prices are kept in minor units of their currency. */
@Component(service = PlanService.class)
public class PlanRegistry implements PlanService {

    static final int MAX_MBPS = 100_000;
    static final int MAX_CAP_GB = 1_000_000;
    static final String COLUMNS = "id, name, price_minor, currency, billing_period, download_mbps, "
            + "upload_mbps, data_cap_gb, active, created_at, tax_rate";

    private final Database db;
    private final TenantService tenants;
    private final DomainEvents events;
    private final Clock clock;

    @Activate
    public PlanRegistry(@Reference Database db, @Reference TenantService tenants, @Reference DomainEvents events,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=billing)") MigratedSchema schema) {
        this.db = db;
        this.tenants = tenants;
        this.events = events;
        this.clock = Clock.systemUTC();
    }

    /** The currency {@code tenant} bills in (its invoices are made in it), or null when unknown. */
    static String currencyOf(TenantService tenants, TenantRef tenant) {
        return tenants.find(tenant.id()).map(Tenant::currency).orElse(null);
    }

    private static Integer range(Integer value, String field, int min, int max, boolean required,
            List<FieldError> errors) {
        if (value == null) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        if (value < min || value > max) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max));
        }
        return value;
    }

    /** The plan an input describes, over {@code base} (null when creating). */
    static Plan apply(PlanInput in, Plan base, String id, Instant now) {
        return apply(in, base, id, now, null);
    }

    /**
     * The plan an input describes, over {@code base} (null when creating); a new plan is in {@code tenantCurrency}
     * (when known): given none it takes it, given another it is refused, since every run would fail on it.
     */
    static Plan apply(PlanInput in, Plan base, String id, Instant now, String tenantCurrency) {
        if (in == null) {
            throw new ValidationException("body", "a plan is required");
        }
        boolean creating = base == null;
        List<FieldError> errors = new ArrayList<>();
        String name = in.name() == null ? null : in.name().strip();
        if (name == null ? creating : name.isEmpty() || name.length() > 200) {
            errors.add(new FieldError("name", "is required, at most 200 characters"));
        }
        Currency currency;
        if (creating) {
            currency = Money.currency(in.currency() == null ? tenantCurrency : in.currency(), errors);
            if (currency != null && tenantCurrency != null && !currency.getCurrencyCode().equals(tenantCurrency)) {
                errors.add(new FieldError("currency", "must be " + tenantCurrency + ", the currency this tenant "
                        + "bills in (its invoices are made in it)"));
            }
        } else {
            currency = Currency.getInstance(base.currency());
            if (in.currency() != null && !in.currency().equals(base.currency())) {
                errors.add(new FieldError("currency", "cannot change; create a new plan"));
            }
        }
        Long price = null;
        if (in.price() == null) {
            if (creating) {
                errors.add(new FieldError("price", "is required, a decimal string such as \"49.90\""));
            }
        } else if (currency != null) {
            price = Money.minorUnits(in.price(), currency, "price", errors);
        }
        BillingPeriod period = null;
        if (in.billingPeriod() == null) {
            if (creating) {
                errors.add(new FieldError("billingPeriod", "is required: MONTHLY, QUARTERLY or YEARLY"));
            }
        } else {
            try {
                period = BillingPeriod.valueOf(in.billingPeriod());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("billingPeriod", "must be MONTHLY, QUARTERLY or YEARLY"));
            }
        }
        Integer down = range(in.downloadMbps(), "downloadMbps", 1, MAX_MBPS, creating, errors);
        Integer up = range(in.uploadMbps(), "uploadMbps", 1, MAX_MBPS, creating, errors);
        Integer cap = range(in.dataCapGb(), "dataCapGb", 1, MAX_CAP_GB, false, errors);
        BigDecimal taxRate = in.taxRate() == null ? null : InvoiceLines.rate(in.taxRate(), "taxRate", errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        if (creating) {
            return new Plan(id, name, Money.amount(price, currency), currency.getCurrencyCode(), period, down, up, cap,
                    in.active() == null || in.active(), now, taxRate == null ? "0" : taxRate.toPlainString());
        }
        return new Plan(base.id(), name != null ? name : base.name(),
                price != null ? Money.amount(price, currency) : base.price(), base.currency(),
                period != null ? period : base.billingPeriod(), down != null ? down : base.downloadMbps(),
                up != null ? up : base.uploadMbps(), cap != null ? cap : base.dataCapGb(),
                in.active() != null ? in.active() : base.active(), base.createdAt(),
                taxRate != null ? taxRate.toPlainString() : base.taxRate());
    }

    static Plan read(ResultSet rs) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString(4));
        int cap = rs.getInt(8);
        Integer dataCap = rs.wasNull() ? null : cap;
        return new Plan(rs.getString(1), rs.getString(2), Money.amount(rs.getLong(3), currency), rs.getString(4),
                BillingPeriod.valueOf(rs.getString(5)), rs.getInt(6), rs.getInt(7), dataCap, rs.getBoolean(9),
                rs.getTimestamp(10).toInstant(), InvoiceLines.plain(rs.getBigDecimal(11)).toPlainString());
    }

    @Override
    public Plan create(TenantRef tenant, PlanInput input) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Plan plan = apply(input, null, Ids.next(), now, currencyOf(tenants, tenant));
        return db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_plan (id, name, price_minor, currency, "
                    + "billing_period, download_mbps, upload_mbps, data_cap_gb, active, tax_rate, created_at, tenant_id, "
                    + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int i = bind(s, plan);
                s.setTimestamp(i++, Timestamp.from(now));
                s.setString(i++, tenant.id());
                s.setTimestamp(i, Timestamp.from(now));
                s.executeUpdate();
            }
            return plan;
        });
    }

    /** Binds id, name, price, currency, period, speeds, cap, active and tax rate; returns the next parameter index. */
    private static int bind(PreparedStatement s, Plan p) throws SQLException {
        Currency currency = Currency.getInstance(p.currency());
        s.setString(1, p.id());
        s.setString(2, p.name());
        s.setLong(3, new BigDecimal(p.price()).movePointRight(Math.max(0, currency.getDefaultFractionDigits()))
                .longValueExact());
        s.setString(4, p.currency());
        s.setString(5, p.billingPeriod().name());
        s.setInt(6, p.downloadMbps());
        s.setInt(7, p.uploadMbps());
        if (p.dataCapGb() == null) {
            s.setNull(8, Types.INTEGER);
        } else {
            s.setInt(8, p.dataCapGb());
        }
        s.setBoolean(9, p.active());
        s.setBigDecimal(10, new BigDecimal(p.taxRate()));
        return 11;
    }

    @Override
    public Plan get(TenantRef tenant, String id) {
        return db.inTenant(tenant, c -> find(c, tenant, id, false));
    }

    private static Plan find(Connection c, TenantRef tenant, String id, boolean lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM dotmac_plan WHERE tenant_id = ? "
                + "AND id = ?" + (lock ? " FOR UPDATE" : ""))) {
            s.setString(1, tenant.id());
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("No plan '" + id + "'");
                }
                return read(rs);
            }
        }
    }

    @Override
    public Page<Plan> list(TenantRef tenant, Boolean active, int limit, String cursor) {
        PagedQuery page = PagedQuery.of(COLUMNS, "dotmac_plan", tenant.id());
        if (active != null) {
            page.where("active = ?", active);
        }
        return db.inTenant(tenant, c -> page.fetch(c, PlanRegistry::read, Plan::id, limit, cursor));
    }

    @Override
    public Plan update(TenantRef tenant, String id, PlanInput changes) {
        return db.inTenant(tenant, c -> {
            Plan before = find(c, tenant, id, true);
            Plan after = apply(changes, before, id, null);
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_plan SET id = ?, name = ?, price_minor = ?, "
                    + "currency = ?, billing_period = ?, download_mbps = ?, upload_mbps = ?, data_cap_gb = ?, "
                    + "active = ?, tax_rate = ?, updated_at = ? WHERE tenant_id = ? AND id = ?")) {
                int i = bind(s, after);
                s.setTimestamp(i++, Timestamp.from(clock.instant()));
                s.setString(i++, tenant.id());
                s.setString(i, id);
                s.executeUpdate();
            }
            if (before.downloadMbps() != after.downloadMbps() || before.uploadMbps() != after.uploadMbps()) {
                events.publish(tenant, BillingEvents.PLAN_CHANGED, java.util.Map.of(BillingEvents.PLAN_ID, id,
                        BillingEvents.DOWNLOAD_MBPS, after.downloadMbps(), BillingEvents.UPLOAD_MBPS,
                        after.uploadMbps()));
            }
            return after;
        });
    }
}
