package io.dotmac.apiaccess.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
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
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.persistence.ClusterChanges;
import io.dotmac.persistence.Database;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.persistence.PagedQuery;
import io.dotmac.platform.api.AccessDeniedException;
import io.dotmac.platform.api.ApiKeys;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.NotAuthenticatedException;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.Tier;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantService;

/**
 * A tenant's API keys: created (the key shown once, its secret kept as SHA-256: a key is 256 random bits, so a fast
 * hash is as safe as a slow one and costs nothing per request), listed, revoked; and {@link ApiKeys} for the
 * authentication filter: a presented key is found by its id (kept in memory for {@code cacheSeconds}), its secret
 * compared in constant time, counted against its rate ({@link RateLimiter}: BASIC tenants the limited rate and
 * read scopes only, PREMIUM and up the full rate) and checked for the request's scope. Usage is counted in memory per
 * key and day and written every {@code usageFlushSeconds} with each key's last use.
 */
@Component(service = { ApiKeys.class, ApiKeyStore.class },
        configurationPid = ApiAccessConfig.PID)
@Designate(ocd = ApiAccessConfig.class)
public class ApiKeyStore implements ApiKeys {

    /** The kind of {@link ClusterChanges} told and heard: an API key (key: its id) changed. */
    static final String KEY_CHANGED = "api-keys";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ClusterChanges changes;

    /** Another node changed it: this node reads it again when next needed. */
    void changed(String key) {
        keys.remove(key);
    }

    void reloadAll() {
        keys.clear();
    }

    /** Tells every node (this one too) to forget {@code key}. */
    private void tell(String key) {
        ClusterChanges c = changes;
        if (c != null) {
            c.changed(KEY_CHANGED, key);
        }
    }


    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyStore.class);
    private static final String COLUMNS = "id, name, scopes, expires_at, created_at, created_by, revoked_at, "
            + "last_used_at";
    private static final int ID_LENGTH = 26;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final TenantService tenants;
    private final Clock clock;
    private final WindowRateLimiter limiter;
    private final ConcurrentHashMap<String, Entry> keys = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UsageKey, LongAdder> usage = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Instant> lastUsed = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;
    private volatile ApiAccessConfig config;

    /** A key as the filter needs it; {@code loadedAt} for the cache's age. */
    private record Entry(String id, String tenantId, String name, byte[] secretSha256, Set<String> scopes,
            Instant expiresAt, Instant revokedAt, long loadedAt) {
    }

    private record UsageKey(String tenantId, String keyId, LocalDate day) {
    }

    @Activate
    public ApiKeyStore(@Reference Database db, @Reference TenantService tenants,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=api_access)") MigratedSchema schema,
            ApiAccessConfig config) {
        this(db, tenants, config, Clock.systemUTC());
    }

    ApiKeyStore(Database db, TenantService tenants, ApiAccessConfig config, Clock clock) {
        this.db = db;
        this.tenants = tenants;
        this.clock = clock;
        this.config = config;
        this.limiter = new WindowRateLimiter(60, clock::millis);
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dotmac-api-key-usage");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, config.usageFlushSeconds());
        flusher.scheduleWithFixedDelay(this::flushQuietly, every, every, TimeUnit.SECONDS);
    }

    @Modified
    void modified(ApiAccessConfig changed) {
        this.config = changed;
    }

    @Deactivate
    void deactivate() {
        flusher.shutdown();
        flushQuietly();
    }

    // ---- the authentication filter's ----

    @Override
    public Optional<TenantRef> tenantOf(String key) {
        String id = idOf(key);
        return id == null ? Optional.empty() : entry(id).flatMap(e -> tenants.find(e.tenantId())).map(Tenant::ref);
    }

    @Override
    public Grant admit(TenantRef tenant, String key, String scope) {
        String id = idOf(key);
        Entry e = id == null ? null : entry(id).filter(k -> k.tenantId().equals(tenant.id())).orElse(null);
        if (e == null) {
            throw new NotAuthenticatedException("Unknown API key");
        }
        byte[] presented = sha256(key.substring(4 + ID_LENGTH + 1));
        if (!MessageDigest.isEqual(presented, e.secretSha256())) {
            throw new NotAuthenticatedException("Invalid API key");
        }
        Instant now = clock.instant();
        if (e.revokedAt() != null) {
            throw new NotAuthenticatedException("API key '" + e.name() + "' was revoked at " + e.revokedAt());
        }
        if (e.expiresAt() != null && !now.isBefore(e.expiresAt())) {
            throw new NotAuthenticatedException("API key '" + e.name() + "' expired at " + e.expiresAt());
        }
        usage.computeIfAbsent(new UsageKey(tenant.id(), id, LocalDate.ofInstant(now, ZoneOffset.UTC)),
                k -> new LongAdder()).increment();
        lastUsed.put(id, now);
        boolean limited = limited(tenant);
        ApiAccessConfig c = config;
        long limit = limited ? c.limitedRequestsPerMinute() : c.fullRequestsPerMinute();
        RateLimiter.Take take = limiter.take(id, limit);
        if (!take.allowed()) {
            throw new OverLimitException("API key '" + e.name() + "' may make " + limit + " requests a minute"
                    + (limited ? " (the limited API access of tier BASIC)" : "") + "; retry in "
                    + take.resetSeconds() + " s", limit, take.resetSeconds(), limiter.windowSeconds());
        }
        if (scope != null) {
            if (!e.scopes().contains(scope)) {
                throw new AccessDeniedException("scope", "API key '" + e.name() + "' lacks the scope " + scope);
            }
            if (limited && Scopes.writes(scope)) {
                throw new AccessDeniedException("scope", "The limited API access of tier BASIC is read-only: the "
                        + "scope " + scope + " needs PREMIUM");
            }
        }
        return new Grant(id, e.name(), limit, take.remaining(), take.resetSeconds(), limiter.windowSeconds());
    }

    /** Whether the tenant has the limited variant (BASIC: read scopes, the lower rate). */
    private static boolean limited(TenantRef tenant) {
        return tenant.tier() == null || tenant.tier().compareTo(Tier.PREMIUM) < 0;
    }

    /** The id in {@code dmk_<id>_<secret>}, or null when {@code key} is not shaped like a key. */
    static String idOf(String key) {
        if (key == null || !key.startsWith(PREFIX) || key.length() < PREFIX.length() + ID_LENGTH + 2
                || key.charAt(PREFIX.length() + ID_LENGTH) != '_') {
            return null;
        }
        String id = key.substring(PREFIX.length(), PREFIX.length() + ID_LENGTH);
        for (int i = 0; i < id.length(); i++) {
            char ch = id.charAt(i);
            if (!(ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'z')) {
                return null;
            }
        }
        return id;
    }

    private Optional<Entry> entry(String id) {
        long now = clock.millis();
        Entry cached = keys.get(id);
        if (cached != null && now - cached.loadedAt() < config.cacheSeconds() * 1000L) {
            return Optional.of(cached);
        }
        Optional<Entry> loaded = db.acrossTenants(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT tenant_id, name, secret_sha256, scopes, "
                    + "expires_at, revoked_at FROM dotmac_api_key WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Entry>empty();
                    }
                    return Optional.of(new Entry(id, rs.getString(1), rs.getString(2),
                            HexFormat.of().parseHex(rs.getString(3)), Set.copyOf(scopes(rs.getString(4))),
                            instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), now));
                }
            }
        });
        loaded.ifPresentOrElse(e -> {
            if (keys.size() > 100_000) {
                keys.clear();
            }
            keys.put(id, e);
        }, () -> keys.remove(id));
        return loaded;
    }

    // ---- the endpoint's ----

    /** Creates a key of {@code tenant}; the answer holds the key, which is never shown again. */
    ApiKey.Created create(TenantRef tenant, ApiKey.Input input, String createdBy) {
        if (input == null) {
            throw new ValidationException("(body)", "must be a JSON object with name and scopes");
        }
        List<FieldError> errors = new ArrayList<>();
        String name = input.name() == null ? "" : input.name().strip();
        if (name.isEmpty() || name.length() > 100) {
            errors.add(new FieldError("name", "must be 1 to 100 characters"));
        }
        List<String> scopes;
        try {
            scopes = Scopes.check(input.scopes(), limited(tenant));
        } catch (ValidationException invalid) {
            errors.addAll(invalid.errors());
            scopes = List.of();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant expires = input.expiresAt();
        if (expires != null && (!expires.isAfter(now)
                || expires.isAfter(now.plus(config.maxLifetimeDays(), ChronoUnit.DAYS)))) {
            errors.add(new FieldError("expiresAt", "must be in the future and at most " + config.maxLifetimeDays()
                    + " days ahead"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        String id = Ids.next();
        byte[] secretBytes = new byte[32];
        RANDOM.nextBytes(secretBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        String key = PREFIX + id + "_" + secret;
        List<String> granted = scopes;
        db.inTenant(tenant, c -> {
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM dotmac_api_key "
                    + "WHERE tenant_id = ? AND revoked_at IS NULL")) {
                count.setString(1, tenant.id());
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= config.keysPerTenant()) {
                        throw new ConflictException("A tenant may have " + config.keysPerTenant() + " API keys that "
                                + "are not revoked; revoke one first");
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO dotmac_api_key (id, tenant_id, name, "
                    + "scopes, secret_sha256, expires_at, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, tenant.id());
                ps.setString(3, name);
                ps.setString(4, String.join(",", granted));
                ps.setString(5, HexFormat.of().formatHex(sha256(secret)));
                ps.setTimestamp(6, expires == null ? null : Timestamp.from(expires));
                ps.setTimestamp(7, Timestamp.from(now));
                ps.setString(8, createdBy);
                ps.executeUpdate();
            }
            return null;
        });
        return new ApiKey.Created(id, name, granted, expires, now, key);
    }

    Page<ApiKey> list(TenantRef tenant, int limit, String cursor) {
        return db.inTenant(tenant, c -> PagedQuery.of(COLUMNS, "dotmac_api_key", tenant.id())
                .fetch(c, ApiKeyStore::read, ApiKey::id, limit, cursor));
    }

    ApiKey get(TenantRef tenant, String id) {
        return db.inTenant(tenant, c -> find(c, tenant, id))
                .orElseThrow(() -> new NotFoundException("No API key '" + id + "'"));
    }

    /** Revokes a key of {@code tenant}: it stops working at once here, and on the other nodes once they hear it. */
    ApiKey revoke(TenantRef tenant, String id) {
        ApiKey revoked = db.inTenant(tenant, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE dotmac_api_key SET revoked_at = ? WHERE id = ? "
                    + "AND tenant_id = ? AND revoked_at IS NULL")) {
                ps.setTimestamp(1, Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MILLIS)));
                ps.setString(2, id);
                ps.setString(3, tenant.id());
                ps.executeUpdate();
            }
            return find(c, tenant, id).orElseThrow(() -> new NotFoundException("No API key '" + id + "'"));
        });
        keys.remove(id);
        limiter.forget(id);
        tell(id);
        return revoked;
    }

    /** Requests per day (UTC) of a key of {@code tenant}, from {@code from} to {@code to} (inclusive). */
    ApiKey.Usage usage(TenantRef tenant, String id, String from, String to) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate last = date("to", to, today);
        LocalDate first = date("from", from, last.minusDays(29));
        if (first.isAfter(last) || first.plusDays(366).isBefore(last)) {
            throw new ValidationException("from", "must be on or before to, at most 366 days before it");
        }
        ApiKey key = get(tenant, id);
        Map<LocalDate, Long> days = new TreeMap<>();
        db.inTenant(tenant, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT usage_day, requests FROM dotmac_api_key_usage "
                    + "WHERE tenant_id = ? AND key_id = ? AND usage_day BETWEEN ? AND ? ORDER BY usage_day")) {
                ps.setString(1, tenant.id());
                ps.setString(2, id);
                ps.setObject(3, first);
                ps.setObject(4, last);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        days.merge(rs.getObject(1, LocalDate.class), rs.getLong(2), Long::sum);
                    }
                }
            }
            return null;
        });
        // what is counted and not yet written
        usage.forEach((k, n) -> {
            if (k.keyId().equals(id) && !k.day().isBefore(first) && !k.day().isAfter(last)) {
                days.merge(k.day(), n.sum(), Long::sum);
            }
        });
        List<ApiKey.DayUsage> out = new ArrayList<>();
        days.forEach((day, n) -> out.add(new ApiKey.DayUsage(day.toString(), n)));
        Instant pending = lastUsed.get(id);
        Instant used = key.lastUsedAt() == null || pending != null && pending.isAfter(key.lastUsedAt()) ? pending
                : key.lastUsedAt();
        return new ApiKey.Usage(id, out, used);
    }

    private static LocalDate date(String field, String value, LocalDate otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new ValidationException(field, "must be a date, yyyy-MM-dd");
        }
    }

    private static Optional<ApiKey> find(Connection c, TenantRef tenant, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM dotmac_api_key WHERE id = ? "
                + "AND tenant_id = ?")) {
            ps.setString(1, id);
            ps.setString(2, tenant.id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static ApiKey read(ResultSet rs) throws SQLException {
        return new ApiKey(rs.getString(1), rs.getString(2), scopes(rs.getString(3)), instant(rs.getTimestamp(4)),
                instant(rs.getTimestamp(5)), rs.getString(6), instant(rs.getTimestamp(7)),
                instant(rs.getTimestamp(8)));
    }

    private static List<String> scopes(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    // ---- usage ----

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Writing API key usage failed (kept for the next try): {}", e.toString());
        }
    }

    /** Writes the counted usage and last uses; what cannot be written is counted again for the next time. */
    void flush() {
        Map<UsageKey, Long> taken = new TreeMap<>((a, b) -> {
            int byKey = a.keyId().compareTo(b.keyId());
            return byKey != 0 ? byKey : a.day().compareTo(b.day());
        });
        for (UsageKey k : usage.keySet()) {
            LongAdder n = usage.remove(k);
            if (n != null && n.sum() > 0) {
                taken.merge(k, n.sum(), Long::sum);
            }
        }
        Map<String, Instant> used = new TreeMap<>();
        for (String id : lastUsed.keySet()) {
            Instant at = lastUsed.remove(id);
            if (at != null) {
                used.put(id, at);
            }
        }
        if (taken.isEmpty() && used.isEmpty()) {
            return;
        }
        try {
            db.acrossTenants(c -> {
                for (Map.Entry<UsageKey, Long> e : taken.entrySet()) {
                    add(c, e.getKey(), e.getValue());
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE dotmac_api_key SET last_used_at = ? "
                        + "WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)")) {
                    for (Map.Entry<String, Instant> e : used.entrySet()) {
                        Timestamp at = Timestamp.from(e.getValue().truncatedTo(ChronoUnit.MILLIS));
                        ps.setTimestamp(1, at);
                        ps.setString(2, e.getKey());
                        ps.setTimestamp(3, at);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
        } catch (RuntimeException e) {
            taken.forEach((k, n) -> usage.computeIfAbsent(k, x -> new LongAdder()).add(n));
            used.forEach((id, at) -> lastUsed.merge(id, at, (a, b) -> a.isAfter(b) ? a : b));
            throw e;
        }
    }

    private static void add(Connection c, UsageKey k, long requests) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE dotmac_api_key_usage SET requests = requests + ? "
                + "WHERE key_id = ? AND usage_day = ?")) {
            update.setLong(1, requests);
            update.setString(2, k.keyId());
            update.setObject(3, k.day());
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO dotmac_api_key_usage (tenant_id, key_id, "
                + "usage_day, requests) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, k.tenantId());
            insert.setString(2, k.keyId());
            insert.setObject(3, k.day());
            insert.setLong(4, requests);
            insert.executeUpdate();
        }
    }
}
