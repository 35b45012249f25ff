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
import io.dotmac.persistence.Database;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.Tier;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.platform.api.Values;
import io.dotmac.tenant.NewTenant;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantAdminProvisioner;
import io.dotmac.tenant.TenantListener;
import io.dotmac.tenant.TenantService;
import io.dotmac.tenant.TenantStatus;

/**
 * The tenant registry on table {@code dotmac_tenant}, with every tenant held in memory (by id and by slug) so
 * that resolving the tenant of a request never touches the database.
 */
@Component(service = TenantService.class, configurationPid = TenantRegistry.PID)
@Designate(ocd = TenantRegistry.Config.class)
public class TenantRegistry implements TenantService {

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

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile TenantAdminProvisioner provisioner;

    @Activate
    public TenantRegistry(@Reference Database db,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=tenant)") MigratedSchema schema,
            Config config) {
        this(db, config, Clock.systemUTC());
    }

    TenantRegistry(Database db, Config config, Clock clock) {
        this.db = db;
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
        LOG.info("{} tenants loaded", byId.size());
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
}
