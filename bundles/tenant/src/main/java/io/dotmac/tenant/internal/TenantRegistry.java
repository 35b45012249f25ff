package io.dotmac.tenant.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.persistence.DataAccessException;
import io.dotmac.persistence.ClusterChanges;
import io.dotmac.persistence.Database;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.persistence.platform.SystemDatabase;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.Tier;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.platform.api.metrics.Metrics;
import io.dotmac.platform.api.Values;
import io.dotmac.tenant.NewTenant;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantAdminProvisioner;
import io.dotmac.tenant.TenantDomain;
import io.dotmac.tenant.TenantListener;
import io.dotmac.tenant.TenantService;
import io.dotmac.tenant.TenantStatus;

/**
 * The tenant registry on table {@code dotmac_tenant}, with every tenant held in memory (by id and by slug) so
 * that resolving the tenant of a request never touches the database.
 */
@Component(service = { TenantService.class, TenantRegistry.class }, configurationPid = TenantRegistry.PID)
@Designate(ocd = TenantRegistry.Config.class)
public class TenantRegistry implements TenantService {

    /** The kind of {@link ClusterChanges} this registry tells and hears: a tenant (its row and domain) changed. */
    static final String KIND = "tenant";

    /** Tells the other nodes (absent in unit tests: one node). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ClusterChanges changes;

    /** Tells every node that the tenant changed, in the current transaction. */
    private void tell(String tenantId) {
        ClusterChanges c = changes;
        if (c != null) {
            c.changed(KIND, tenantId);
        }
    }


    static final String PID = "io.dotmac.tenant";
    static final Pattern SLUG = Pattern.compile("[a-z0-9-]{3,40}");

    @ObjectClassDefinition(name = "DotMac tenants", description = "Tenant resolution.")
    public @interface Config {
        @AttributeDefinition(description = "Base domain of tenant subdomains: a request to Host "
                + "<slug>.<baseDomain> acts for that tenant. Empty: Host names no tenant.")
        String baseDomain() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(TenantRegistry.class);

    private final Database db;
    private final Clock clock;
    private final Map<String, Tenant> byId = new ConcurrentHashMap<>();
    private final Map<String, Tenant> bySlug = new ConcurrentHashMap<>();
    private final List<TenantListener> listeners = new CopyOnWriteArrayList<>();
    private volatile String hostSuffix;
    /** Every custom domain, pending or approved, by domain; written under {@link #domainWrites}. */
    private final Map<String, TenantDomain> domains = new ConcurrentHashMap<>();
    private final Object domainWrites = new Object();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile TenantAdminProvisioner provisioner;

    /** The platform's database: a tenant's deletion goes through every table. */
    private final SystemDatabase system;

    @Activate
    public TenantRegistry(@Reference Database db, @Reference SystemDatabase system,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=tenant)") MigratedSchema schema,
            Config config) {
        this(db, system, config, Clock.systemUTC());
    }

    TenantRegistry(Database db, Config config, Clock clock) {
        this(db, null, config, clock);
    }

    TenantRegistry(Database db, SystemDatabase system, Config config, Clock clock) {
        this.db = db;
        this.system = system;
        this.clock = clock;
        modified(config);
        db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM dotmac_tenant");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    remember(read(rs));
                }
            }
            return null;
        });
        db.acrossTenants(c -> { // every tenant's domains (row-level security lets this bundle through)
            try (PreparedStatement s = c.prepareStatement("SELECT " + DOMAIN_COLUMNS + " FROM dotmac_tenant_domain");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    TenantDomain d = readDomain(rs);
                    domains.put(d.domain(), d);
                }
            }
            return null;
        });
        LOG.info("{} tenants loaded, {} custom domains", byId.size(), domains.size());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMetrics(Metrics metrics) {
        metrics.gauge("tenants", "Tenants by tier and status", samples -> {
            Map<String, Long> counts = new java.util.TreeMap<>();
            for (Tenant t : byId.values()) {
                counts.merge(t.tier().name() + " " + t.status().name(), 1L, Long::sum);
            }
            for (Tier tier : Tier.values()) {
                for (TenantStatus status : TenantStatus.values()) {
                    samples.set(counts.getOrDefault(tier.name() + " " + status.name(), 0L), tier.name(),
                            status.name());
                }
            }
        }, "tier", "status");
    }

    void unbindMetrics(Metrics metrics) {
        // the gauge goes with the service
    }

    @Modified
    void modified(Config config) {
        String base = config.baseDomain().trim().toLowerCase(Locale.ROOT);
        while (base.startsWith(".")) {
            base = base.substring(1);
        }
        hostSuffix = base.isEmpty() ? null : "." + base;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addListener(TenantListener listener) {
        listeners.add(listener);
    }

    void removeListener(TenantListener listener) {
        listeners.remove(listener);
    }

    private static final String COLUMNS = "id, name, slug, tier, status, currency, created_at";

    private static Tenant read(ResultSet rs) throws SQLException {
        return new Tenant(rs.getString(1), rs.getString(2), rs.getString(3), Tier.valueOf(rs.getString(4)),
                TenantStatus.valueOf(rs.getString(5)), rs.getString(6), rs.getTimestamp(7).toInstant());
    }

    private void remember(Tenant t) {
        Tenant old = byId.put(t.id(), t);
        if (old != null && !old.slug().equals(t.slug())) {
            bySlug.remove(old.slug(), old);
        }
        bySlug.put(t.slug(), t);
    }

    @Override
    public Tenant create(NewTenant request) {
        if (request == null) {
            throw new ValidationException("body", "a tenant is required");
        }
        List<FieldError> errors = new ArrayList<>();
        String name = validName(request.name(), errors);
        String slug = request.slug();
        if (slug == null || !SLUG.matcher(slug).matches()) {
            errors.add(new FieldError("slug", "must be 3 to 40 characters of a-z, 0-9 and '-'"));
        }
        String currency = request.currency() == null ? DEFAULT_CURRENCY : validCurrency(request.currency(), errors);
        Optional<Tier> tier = Tier.parse(request.tier());
        if (tier.isEmpty()) {
            errors.add(new FieldError("tier", "must be one of FREE, BASIC, PREMIUM, ENTERPRISE"));
        }
        TenantAdminProvisioner admins = provisioner;
        if (request.admin() == null) {
            errors.add(new FieldError("admin", "the tenant's first administrator is required"));
        } else if (admins != null) {
            errors.addAll(admins.validate(request.admin()));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        if (admins == null) {
            throw new UnavailableException("Tenants cannot be created while the security bundle is not running");
        }
        if (bySlug.containsKey(slug)) {
            throw slugTaken(slug);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Tenant created = new Tenant(Ids.next(), name, slug, tier.get(), TenantStatus.ACTIVE, currency, now);
        try {
            db.inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_tenant (" + COLUMNS
                        + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    s.setString(1, created.id());
                    s.setString(2, created.name());
                    s.setString(3, created.slug());
                    s.setString(4, created.tier().name());
                    s.setString(5, created.status().name());
                    s.setString(6, created.currency());
                    s.setTimestamp(7, Timestamp.from(now));
                    s.setTimestamp(8, Timestamp.from(now));
                    s.executeUpdate();
                }
                admins.createFirstAdmin(created.ref(), request.admin());
                tell(created.id());
                return null;
            });
        } catch (DataAccessException e) {
            if (e.uniqueViolation()) {
                throw slugTaken(slug);
            }
            throw e;
        }
        remember(created);
        LOG.info("Tenant {} ({}) created at tier {}", created.slug(), created.id(), created.tier());
        announce(null, created);
        return created;
    }

    private static ConflictException slugTaken(String slug) {
        return new ConflictException("A tenant with slug '" + slug + "' already exists");
    }

    /** The currency of tenants that name none. */
    static final String DEFAULT_CURRENCY = "USD";

    /** {@code code} when it is an ISO 4217 currency for money (not XXX, XAU...), else an error naming it. */
    static String validCurrency(String code, List<FieldError> errors) {
        if (Values.currency(code).isPresent()) {
            return code;
        }
        errors.add(new FieldError("currency", "must be an ISO 4217 currency code such as USD or EUR"));
        return null;
    }

    private static String validName(String name, List<FieldError> errors) {
        if (name == null || name.isBlank()) {
            errors.add(new FieldError("name", "is required"));
            return null;
        }
        String trimmed = name.strip();
        if (trimmed.length() > 200) {
            errors.add(new FieldError("name", "must be at most 200 characters"));
        }
        return trimmed;
    }

    @Override
    public Optional<Tenant> find(String idOrSlug) {
        if (idOrSlug == null) {
            return Optional.empty();
        }
        Tenant t = byId.get(idOrSlug);
        return Optional.ofNullable(t != null ? t : bySlug.get(idOrSlug));
    }

    @Override
    public Tenant get(String idOrSlug) {
        return find(idOrSlug).orElseThrow(() -> new NotFoundException("No tenant '" + idOrSlug + "'"));
    }

    @Override
    public Optional<String> slugOfHost(String host) {
        String suffix = hostSuffix;
        if (suffix == null || host == null) {
            return Optional.empty();
        }
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(']') < colon) {
            h = h.substring(0, colon);
        }
        if (!h.endsWith(suffix) || h.length() == suffix.length()) {
            return Optional.empty();
        }
        String slug = h.substring(0, h.length() - suffix.length());
        if (slug.indexOf('.') >= 0) {
            return Optional.empty();
        }
        return Optional.of(slug);
    }

    // ---- custom domains ----

    private static final String DOMAIN_COLUMNS = "domain, tenant_id, status, requested_at, approved_at";
    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    private TenantDomain readDomain(ResultSet rs) throws SQLException {
        Tenant t = byId.get(rs.getString(2));
        Timestamp approved = rs.getTimestamp(5);
        return new TenantDomain(rs.getString(1), rs.getString(2), t == null ? null : t.slug(),
                TenantDomain.Status.valueOf(rs.getString(3)), rs.getTimestamp(4).toInstant(),
                approved == null ? null : approved.toInstant());
    }

    /** The host of a Host header: lower case, without its port and a final dot. */
    static String hostName(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(']') < colon) {
            h = h.substring(0, colon);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /**
     * {@code raw} as a custom domain (lower-case ASCII, an internationalised name in its {@code xn--} form), or an
     * error naming {@code domain}: a host name of at least two labels with a top-level domain of letters, not an
     * address, not {@code localhost}, not {@code suffix} (the base domain) or below it.
     */
    static String validDomain(String raw, String suffix, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(new FieldError("domain", "is required"));
            return null;
        }
        String d;
        try {
            d = java.net.IDN.toASCII(raw.strip(), java.net.IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("domain", "must be a host name such as portal.acme-isp.example"));
            return null;
        }
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        String[] labels = d.split("\\.", -1);
        boolean valid = d.length() <= 253 && labels.length >= 2;
        for (String l : labels) {
            valid &= LABEL.matcher(l).matches();
        }
        if (!valid || !labels[labels.length - 1].matches("[a-z]{2,63}|xn--[a-z0-9-]{1,59}")) {
            errors.add(new FieldError("domain", "must be a host name such as portal.acme-isp.example"));
            return null;
        }
        if (suffix != null && (d.endsWith(suffix) || d.equals(suffix.substring(1)))) {
            errors.add(new FieldError("domain", "must not be in " + suffix.substring(1)
                    + ", whose subdomains name tenants already"));
            return null;
        }
        return d;
    }

    @Override
    public Optional<TenantDomain> customDomainOfHost(String host) {
        if (host == null || domains.isEmpty()) {
            return Optional.empty();
        }
        TenantDomain d = domains.get(hostName(host));
        return d != null && d.status() == TenantDomain.Status.APPROVED ? Optional.of(d) : Optional.empty();
    }

    @Override
    public Optional<TenantDomain> domainOf(String tenantId) {
        return domains.values().stream().filter(d -> d.tenantId().equals(tenantId)).findFirst();
    }

    @Override
    public TenantDomain requestDomain(String tenantId, String domain) {
        Tenant tenant = get(tenantId);
        List<FieldError> errors = new ArrayList<>();
        String d = validDomain(domain, hostSuffix, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        synchronized (domainWrites) {
            TenantDomain taken = domains.get(d);
            if (taken != null && !taken.tenantId().equals(tenant.id())) {
                throw new ConflictException("The domain '" + d + "' is another tenant's");
            }
            if (taken != null) {
                return taken; // asked for again: pending or approved, it stays so
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            TenantDomain asked = new TenantDomain(d, tenant.id(), tenant.slug(), TenantDomain.Status.PENDING, now,
                    null);
            try {
                db.inTenant(tenant.ref(), c -> {
                    deleteDomainsOf(c, tenant.id());
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_tenant_domain ("
                            + DOMAIN_COLUMNS + ") VALUES (?, ?, ?, ?, NULL)")) {
                        s.setString(1, d);
                        s.setString(2, tenant.id());
                        s.setString(3, asked.status().name());
                        s.setTimestamp(4, Timestamp.from(now));
                        s.executeUpdate();
                    }
                    tell(tenant.id());
                    return null;
                });
            } catch (DataAccessException e) {
                if (e.uniqueViolation()) {
                    throw new ConflictException("The domain '" + d + "' is another tenant's");
                }
                throw e;
            }
            domains.values().removeIf(x -> x.tenantId().equals(tenant.id()));
            domains.put(d, asked);
            LOG.info("Tenant {} asked for the custom domain {}", tenant.slug(), d);
            return asked;
        }
    }

    private static void deleteDomainsOf(Connection c, String tenantId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM dotmac_tenant_domain WHERE tenant_id = ?")) {
            s.setString(1, tenantId);
            s.executeUpdate();
        }
    }

    @Override
    public void removeDomain(String tenantId) {
        Tenant tenant = get(tenantId);
        synchronized (domainWrites) {
            db.inTenant(tenant.ref(), c -> {
                deleteDomainsOf(c, tenant.id());
                tell(tenant.id());
                return null;
            });
            domains.values().removeIf(x -> x.tenantId().equals(tenant.id()));
        }
    }

    @Override
    public List<TenantDomain> domains(TenantDomain.Status status) {
        return domains.values().stream().filter(d -> status == null || d.status() == status)
                .sorted(Comparator.comparing(TenantDomain::status).thenComparing(TenantDomain::domain)).toList();
    }

    private TenantDomain known(String domain) {
        String d = domain == null ? "" : hostName(domain);
        TenantDomain found = domains.get(d);
        if (found == null) {
            throw new NotFoundException("No tenant asked for the domain '" + domain + "'");
        }
        return found;
    }

    @Override
    public TenantDomain approveDomain(String domain) {
        synchronized (domainWrites) {
            TenantDomain asked = known(domain);
            if (asked.status() == TenantDomain.Status.APPROVED) {
                return asked;
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            db.inTenant(get(asked.tenantId()).ref(), c -> {
                try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_tenant_domain SET status = ?, "
                        + "approved_at = ? WHERE domain = ?")) {
                    s.setString(1, TenantDomain.Status.APPROVED.name());
                    s.setTimestamp(2, Timestamp.from(now));
                    s.setString(3, asked.domain());
                    s.executeUpdate();
                }
                tell(asked.tenantId());
                return null;
            });
            TenantDomain approved = new TenantDomain(asked.domain(), asked.tenantId(), asked.tenantSlug(),
                    TenantDomain.Status.APPROVED, asked.requestedAt(), now);
            domains.put(approved.domain(), approved);
            LOG.info("Custom domain {} of tenant {} approved", approved.domain(), approved.tenantSlug());
            return approved;
        }
    }

    @Override
    public TenantDomain rejectDomain(String domain) {
        synchronized (domainWrites) {
            TenantDomain asked = known(domain);
            db.inTenant(get(asked.tenantId()).ref(), c -> {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM dotmac_tenant_domain WHERE domain = ?")) {
                    s.setString(1, asked.domain());
                    s.executeUpdate();
                }
                tell(asked.tenantId());
                return null;
            });
            domains.remove(asked.domain());
            LOG.info("Custom domain {} of tenant {} removed", asked.domain(), asked.tenantSlug());
            return asked;
        }
    }

    @Override
    public Page<Tenant> list(int limit, String cursor) {
        String after = Page.key(cursor);
        List<Tenant> sorted = byId.values().stream()
                .filter(t -> after == null || t.id().compareTo(after) > 0)
                .sorted(Comparator.comparing(Tenant::id))
                .limit(limit + 1L)
                .toList();
        return Page.of(sorted, limit, Tenant::id);
    }

    @Override
    public Tenant rename(String id, String name) {
        List<FieldError> errors = new ArrayList<>();
        String valid = validName(name, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return update(id, t -> new Tenant(t.id(), valid, t.slug(), t.tier(), t.status(), t.currency(),
                t.createdAt()));
    }

    @Override
    public Tenant changeCurrency(String id, String currency) {
        List<FieldError> errors = new ArrayList<>();
        String valid = validCurrency(currency, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return update(id, t -> new Tenant(t.id(), t.name(), t.slug(), t.tier(), t.status(), valid,
                t.createdAt()));
    }

    @Override
    public Tenant changeTier(String id, Tier tier) {
        if (tier == null) {
            throw new ValidationException("tier", "must be one of FREE, BASIC, PREMIUM, ENTERPRISE");
        }
        return update(id, t -> new Tenant(t.id(), t.name(), t.slug(), tier, t.status(), t.currency(),
                t.createdAt()));
    }

    @Override
    public Tenant suspend(String id) {
        return update(id, t -> new Tenant(t.id(), t.name(), t.slug(), t.tier(), TenantStatus.SUSPENDED,
                t.currency(), t.createdAt()));
    }

    @Override
    public Tenant resume(String id) {
        return update(id, t -> new Tenant(t.id(), t.name(), t.slug(), t.tier(), TenantStatus.ACTIVE,
                t.currency(), t.createdAt()));
    }

    @Override
    public int count() {
        return byId.size();
    }

    @Override
    public Map<String, Integer> delete(String idOrSlug) {
        Tenant t = get(idOrSlug);
        if (system == null) {
            throw new UnavailableException("tenants cannot be deleted here");
        }
        // no request resolves it from now on, and every plugin stops working for it before its rows go
        byId.remove(t.id());
        bySlug.remove(t.slug());
        synchronized (domainWrites) {
            domains.values().removeIf(d -> d.tenantId().equals(t.id()));
        }
        for (TenantListener l : listeners) {
            try {
                l.tenantChanged(t, null);
            } catch (RuntimeException e) {
                LOG.error("A tenant listener failed on the deletion of tenant {}; the deletion goes on", t.slug(), e);
            }
        }
        Map<String, Integer> deleted = system.inSystem(c -> {
            Map<String, Integer> rows = new java.util.TreeMap<>(system.deleteTenantRows(t.id()));
            try (PreparedStatement s = c.prepareStatement("DELETE FROM dotmac_tenant WHERE id = ?")) {
                s.setString(1, t.id());
                rows.put("dotmac_tenant", s.executeUpdate());
            }
            tell(t.id());
            return rows;
        });
        LOG.info("Tenant {} ({}) deleted: {} rows", t.slug(), t.id(), deleted.values().stream()
                .mapToInt(Integer::intValue).sum());
        return deleted;
    }

    /** Applies a change to the stored row (serialised per tenant by a row lock) and announces it. */
    private Tenant update(String idOrSlug, java.util.function.UnaryOperator<Tenant> change) {
        String id = get(idOrSlug).id();
        Tenant[] beforeAfter = db.inTransaction(c -> {
            Tenant before = lock(c, id);
            Tenant after = change.apply(before);
            if (after.equals(before)) {
                return new Tenant[] { before, before };
            }
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE dotmac_tenant SET name = ?, tier = ?, status = ?, currency = ?, updated_at = ? "
                            + "WHERE id = ?")) {
                s.setString(1, after.name());
                s.setString(2, after.tier().name());
                s.setString(3, after.status().name());
                s.setString(4, after.currency());
                s.setTimestamp(5, Timestamp.from(clock.instant()));
                s.setString(6, id);
                s.executeUpdate();
            }
            tell(id);
            return new Tenant[] { before, after };
        });
        Tenant before = beforeAfter[0];
        Tenant after = beforeAfter[1];
        remember(after);
        if (!after.equals(before)) {
            LOG.info("Tenant {} changed: tier {} -> {}, status {} -> {}", after.slug(), before.tier(), after.tier(),
                    before.status(), after.status());
            announce(before, after);
        }
        return after;
    }

    private static Tenant lock(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM dotmac_tenant WHERE id = ? FOR UPDATE")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("No tenant '" + id + "'");
                }
                return read(rs);
            }
        }
    }

    private void announce(Tenant before, Tenant after) {
        for (TenantListener l : listeners) {
            try {
                l.tenantChanged(before, after);
            } catch (RuntimeException e) {
                // the change is committed; listeners reconcile from the database on their own start-up
                LOG.error("Tenant listener {} failed on tenant {}", l.getClass().getName(), after.slug(), e);
            }
        }
    }

    // ---- what another node changed

    /** Reads the tenant and its domain again; its listeners here hear what changed (a deletion as after = null). */
    void changed(String tenantId) {
        Optional<Tenant> fresh = db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM dotmac_tenant WHERE id = ?")) {
                s.setString(1, tenantId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.<Tenant>empty();
                }
            }
        });
        List<TenantDomain> freshDomains = fresh.isEmpty() ? List.of() : db.inTenant(fresh.get().ref(), c -> {
            List<TenantDomain> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + DOMAIN_COLUMNS + " FROM dotmac_tenant_domain "
                    + "WHERE tenant_id = ?")) {
                s.setString(1, tenantId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(readDomain(rs));
                    }
                }
            }
            return out;
        });
        synchronized (domainWrites) {
            domains.values().removeIf(d -> d.tenantId().equals(tenantId));
            freshDomains.forEach(d -> domains.put(d.domain(), d));
        }
        refresh(byId.get(tenantId), fresh.orElse(null));
    }

    /** Reads every tenant and domain again. */
    void reloadAll() {
        Map<String, Tenant> fresh = new HashMap<>();
        db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM dotmac_tenant");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Tenant t = read(rs);
                    fresh.put(t.id(), t);
                }
            }
            return null;
        });
        Map<String, TenantDomain> freshDomains = new HashMap<>();
        db.acrossTenants(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + DOMAIN_COLUMNS + " FROM dotmac_tenant_domain");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    TenantDomain d = readDomain(rs);
                    freshDomains.put(d.domain(), d);
                }
            }
            return null;
        });
        synchronized (domainWrites) {
            domains.keySet().retainAll(freshDomains.keySet());
            domains.putAll(freshDomains);
        }
        for (Tenant before : List.copyOf(byId.values())) {
            if (!fresh.containsKey(before.id())) {
                refresh(before, null);
            }
        }
        fresh.values().forEach(t -> refresh(byId.get(t.id()), t));
    }

    /** Brings the cache from {@code before} to {@code after} (null: gone) and tells the listeners, if it changed. */
    private void refresh(Tenant before, Tenant after) {
        if (java.util.Objects.equals(before, after)) {
            return;
        }
        if (after == null) {
            byId.remove(before.id());
            bySlug.remove(before.slug(), before);
            LOG.info("Tenant {} deleted on another node", before.slug());
        } else {
            remember(after);
            LOG.info("Tenant {} changed on another node: tier {} -> {}, status {} -> {}", after.slug(),
                    before == null ? "-" : before.tier(), after.tier(), before == null ? "-" : before.status(),
                    after.status());
        }
        announce(before, after);
    }
}
