package io.dotmac.marketplace.internal;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.licensing.AddOn;
import io.dotmac.licensing.AddOns;
import io.dotmac.marketplace.Marketplace;
import io.dotmac.marketplace.PluginVerifier;
import io.dotmac.marketplace.PluginVerifier.VerifiedPlugin;
import io.dotmac.persistence.ClusterChanges;
import io.dotmac.persistence.Leases;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.persistence.platform.SystemDatabase;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.NotAuthenticatedException;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.Tier;
import io.dotmac.platform.api.ValidationException;

/**
 * The marketplace's records (the {@code marketplace} schema, the platform's own: no tenant's rows) and the verified
 * archives under {@code data/marketplace/<plugin>/<version>.jar} (a bundle) or {@code .kar} (a KAR), installed as
 * features by the {@link FeatureInstaller}.
 */
@Component(service = { Marketplace.class, MarketplaceService.class })
public class MarketplaceService implements Marketplace {

    private static final Logger LOG = LoggerFactory.getLogger(MarketplaceService.class);

    /** The certification fee, per plugin, per the business model. */
    static final long FEE_MINOR = 50_000;
    static final String FEE_CURRENCY = "USD";
    static final Pattern PLUGIN_ID = Pattern.compile("[a-z][a-z0-9_]{2,63}");
    static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final String LISTING_COLUMNS = "l.plugin_id, l.developer_id, d.name AS developer_name, l.name, "
            + "l.description, l.tier_floor, l.price_minor, l.currency, l.screenshots, l.status, l.status_reason, "
            + "l.fee_minor, l.created_at, l.updated_at";

    static final String SOURCE = "marketplace";

    /** Where the verified archives are kept. */
    static Path storeDirectory() {
        return Path.of(System.getProperty("karaf.data", "data"), "marketplace");
    }

    /** The stored archive of a plugin's version (a bundle jar or a KAR), or null. */
    static Path archive(Path store, String plugin, String version) {
        for (String kind : List.of(".jar", ".kar")) {
            Path p = store.resolve(plugin).resolve(version + kind);
            if (Files.exists(p)) {
                return p;
            }
        }
        return null;
    }

    private final SystemDatabase db;
    private final PluginVerifier verifier;
    private final AddOns addOns;
    private final FeatureInstaller installer;
    private final Path store;
    private final SecureRandom random = new SecureRandom();
    private final java.util.concurrent.ScheduledExecutorService monthly;
    private final java.util.concurrent.ScheduledExecutorService follower;

    private final Leases leases;

    @Activate
    public MarketplaceService(@Reference SystemDatabase db,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=marketplace)") MigratedSchema schema,
            @Reference PluginVerifier verifier, @Reference AddOns addOns, @Reference FeatureInstaller installer,
            @Reference Leases leases) {
        this.db = db;
        this.leases = leases;
        this.verifier = verifier;
        this.addOns = addOns;
        this.installer = installer;
        this.store = storeDirectory();
        this.monthly = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dotmac-marketplace-charges");
            t.setDaemon(true);
            return t;
        });
        // each running purchase is charged once a month: looked at now and every hour
        monthly.scheduleWithFixedDelay(this::chargeQuietly, 10, 3600, java.util.concurrent.TimeUnit.SECONDS);
        this.follower = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dotmac-marketplace-follow");
            t.setDaemon(true);
            return t;
        });
        // what the other nodes installed while this one was away
        follower.schedule(() -> {
            try {
                followAll();
            } catch (RuntimeException e) {
                LOG.warn("Marketplace plugins could not follow the other nodes: {}", e.toString());
            }
        }, 5, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        monthly.shutdownNow();
        follower.shutdownNow();
    }

    private void chargeQuietly() {
        try {
            // one node of several charges (another takes over within two hours when it stops)
            if (!leases.acquire("monthly-charges", java.time.Duration.ofMinutes(150))) {
                return;
            }
            chargeMonth();
        } catch (RuntimeException e) {
            LOG.warn("Charging this month's marketplace purchases failed; tried again in an hour", e);
        }
    }

    // ---- developers ----

    @Override
    public Developer register(DeveloperInput in) {
        List<FieldError> errors = new ArrayList<>();
        if (in == null) {
            throw new ValidationException("body", "is required: name, email, payoutDetails");
        }
        String name = text(in.name(), "name", 200, errors);
        String email = text(in.email(), "email", 254, errors);
        if (email != null && !EMAIL.matcher(email).matches()) {
            errors.add(new FieldError("email", "must be an e-mail address"));
        }
        String payout = text(in.payoutDetails(), "payoutDetails", 500, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = "dmk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String id = Ids.next();
        Instant now = Instant.now();
        db.inSystem(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_mp_developer (id, name, email, "
                    + "payout_details, key_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                s.setString(1, id);
                s.setString(2, name);
                s.setString(3, email);
                s.setString(4, payout);
                s.setString(5, sha256(key));
                s.setTimestamp(6, Timestamp.from(now));
                s.executeUpdate();
            }
            return null;
        });
        LOG.info("Marketplace developer {} registered ({})", id, name);
        return new Developer(id, name, email, payout, null, now, key);
    }

    @Override
    public Developer developer(String key) {
        if (key == null || key.isBlank()) {
            throw new NotAuthenticatedException("A developer's API key is required (X-DotMac-Developer-Key)");
        }
        return db.inSystem(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id, name, email, payout_details, signer, created_at "
                    + "FROM dotmac_mp_developer WHERE key_hash = ?")) {
                s.setString(1, sha256(key.strip()));
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new NotAuthenticatedException("The developer's API key is not valid");
                    }
                    return new Developer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getTimestamp(6).toInstant(), null);
                }
            }
        });
    }

    // ---- listings ----

    @Override
    public Listing submit(Developer developer, ListingInput in) {
        if (in == null) {
            throw new ValidationException("body", "is required");
        }
        List<FieldError> errors = new ArrayList<>();
        String plugin = in.plugin() == null ? null : in.plugin().strip();
        if (plugin == null || !PLUGIN_ID.matcher(plugin).matches()) {
            errors.add(new FieldError("plugin", "must be 3 to 64 of a-z, 0-9 and _, starting with a letter (the id "
                    + "its bundle declares with @DotMacPlugin)"));
        }
        String name = text(in.name(), "name", 200, errors);
        String description = text(in.description(), "description", 4000, errors);
        Tier floor = in.tierFloor() == null ? null : Tier.parse(in.tierFloor()).orElse(null);
        if (floor == null) {
            errors.add(new FieldError("tierFloor", "must be one of FREE, BASIC, PREMIUM, ENTERPRISE"));
        }
        long price = minor(in.monthlyPrice(), "monthlyPrice", errors);
        String currency = in.currency() == null ? null : in.currency().strip();
        if (currency == null || !CURRENCY.matcher(currency).matches()) {
            errors.add(new FieldError("currency", "must be an ISO 4217 code such as USD"));
        }
        List<String> screenshots = in.screenshots() == null ? List.of() : in.screenshots();
        if (screenshots.size() > 10) {
            errors.add(new FieldError("screenshots", "at most 10"));
        }
        for (int i = 0; i < screenshots.size(); i++) {
            String url = screenshots.get(i);
            if (url == null || !url.startsWith("https://") || url.length() > 300 || url.contains(" ")
                    || url.contains("\n")) {
                errors.add(new FieldError("screenshots[" + i + "]", "must be an https URL of at most 300 characters"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Instant now = Instant.now();
        db.inSystem(c -> {
            if (exists(c, plugin)) {
                throw new ConflictException("The plugin id '" + plugin + "' is taken");
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_mp_listing (plugin_id, developer_id, name, "
                    + "description, tier_floor, price_minor, currency, screenshots, status, fee_minor, created_at, "
                    + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'SUBMITTED', ?, ?, ?)")) {
                s.setString(1, plugin);
                s.setString(2, developer.id());
                s.setString(3, name);
                s.setString(4, description);
                s.setString(5, floor.name());
                s.setLong(6, price);
                s.setString(7, currency);
                s.setString(8, String.join("\n", screenshots));
                s.setLong(9, FEE_MINOR);
                s.setTimestamp(10, Timestamp.from(now));
                s.setTimestamp(11, Timestamp.from(now));
                s.executeUpdate();
            }
            return null;
        });
        LOG.info("Marketplace listing {} submitted by developer {}; certification fee {} {} recorded", plugin,
                developer.id(), decimal(FEE_MINOR), FEE_CURRENCY);
        return listing(plugin);
    }

    @Override
    public List<Listing> mine(Developer developer) {
        return db.inSystem(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT plugin_id FROM dotmac_mp_listing WHERE developer_id = ? ORDER BY plugin_id")) {
                s.setString(1, developer.id());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            List<Listing> out = new ArrayList<>();
            for (String id : ids) {
                out.add(read(c, id));
            }
            return out;
        });
    }

    @Override
    public Page<Listing> listings(String status, int limit, String cursor) {
        if (status != null && !List.of("SUBMITTED", "CERTIFIED", "REJECTED").contains(status)) {
            throw new ValidationException("status", "must be SUBMITTED, CERTIFIED or REJECTED");
        }
        return page(status == null ? "" : " AND l.status = ?", status, false, limit, cursor);
    }

    @Override
    public Page<Listing> catalogue(int limit, String cursor) {
        return page(" AND l.status = ?", "CERTIFIED", true, limit, cursor);
    }

    private Page<Listing> page(String where, String status, boolean available, int limit, String cursor) {
        String after = Page.key(cursor);
        return db.inSystem(c -> {
            List<String> ids = new ArrayList<>();
            String sql = "SELECT l.plugin_id FROM dotmac_mp_listing l WHERE l.plugin_id > ?" + where
                    + (available ? " AND EXISTS (SELECT 1 FROM dotmac_mp_version v WHERE v.plugin_id = l.plugin_id "
                            + "AND v.status = 'AVAILABLE')" : "")
                    + " ORDER BY l.plugin_id FETCH FIRST " + (limit + 1) + " ROWS ONLY";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, after == null ? "" : after);
                if (status != null) {
                    s.setString(2, status);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            List<Listing> out = new ArrayList<>();
            for (String id : ids) {
                out.add(read(c, id));
            }
            return Page.of(out, limit, Listing::plugin);
        });
    }

    @Override
    public Listing listing(String plugin) {
        return db.inSystem(c -> read(c, plugin));
    }

    @Override
    public Listing certify(String plugin) {
        return decide(plugin, "CERTIFIED", null);
    }

    @Override
    public Listing reject(String plugin, String reason) {
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw new ValidationException("reason", "is required: 1 to 500 characters, for the developer");
        }
        return decide(plugin, "REJECTED", reason.strip());
    }

    private Listing decide(String plugin, String status, String reason) {
        return db.inSystem(c -> {
            Listing l = read(c, plugin);
            if (status.equals("CERTIFIED") && l.versions().stream().noneMatch(v -> v.status().equals("AVAILABLE"))) {
                throw new ConflictException("Plugin '" + plugin + "' has no version to certify yet");
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_mp_listing SET status = ?, status_reason = ?, "
                    + "updated_at = ? WHERE plugin_id = ?")) {
                s.setString(1, status);
                s.setString(2, reason);
                s.setTimestamp(3, Timestamp.from(Instant.now()));
                s.setString(4, plugin);
                s.executeUpdate();
            }
            LOG.info("Marketplace listing {} {}{}", plugin, status.toLowerCase(Locale.ROOT),
                    reason == null ? "" : ": " + reason);
            return read(c, plugin);
        });
    }

    // ---- versions ----

    @Override
    public Version upload(Developer developer, String plugin, InputStream jar) {
        Listing listing = listing(plugin);
        if (!listing.developerId().equals(developer.id())) {
            throw new NotFoundException("No plugin '" + plugin + "' of yours");
        }
        Path tmp = null;
        try {
            Files.createDirectories(store.resolve("incoming"));
            tmp = Files.createTempFile(store.resolve("incoming"), "upload", ".jar");
            long size;
            try (InputStream in = jar) {
                size = Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            if (size == 0) {
                throw new ValidationException("bundle", "is required: the signed bundle (jar) as the request body");
            }
            VerifiedPlugin verified = verifier.verify(tmp);
            PluginArchive archive;
            try {
                archive = PluginArchive.read(tmp);
            } catch (SignedJars.Refused e) {
                throw new ValidationException("bundle", e.getMessage());
            }
            PluginArchive.Member declared = archive.plugin();
            if (!plugin.equals(declared.pluginId())) {
                throw new ValidationException("bundle", "declares plugin '" + declared.pluginId() + "', not '" + plugin
                        + "'");
            }
            if (!listing.tierFloor().equals(declared.pluginTier())) {
                throw new ValidationException("bundle", "declares tier " + declared.pluginTier() + " but the listing's "
                        + "tier floor is " + listing.tierFloor() + ": they must be the same (the lowest tier that may "
                        + "buy it)");
            }
            if (developer.signer() != null && !developer.signer().equals(verified.developer())) {
                throw new ValidationException("bundle", "is signed with another key (" + verified.developer()
                        + ") than this developer's (" + developer.signer() + ")");
            }
            String version;
            try {
                version = org.osgi.framework.Version.parseVersion(verified.version()).toString();
            } catch (IllegalArgumentException e) {
                throw new ValidationException("bundle", "Bundle-Version '" + verified.version() + "' of "
                        + declared.symbolicName() + " is not an OSGi version");
            }
            Path target = store.resolve(plugin).resolve(version
                    + (archive.kind().equals(PluginArchive.KAR) ? ".kar" : ".jar"));
            Instant now = Instant.now();
            Path uploaded = tmp;
            db.inSystem(c -> {
                if (read(c, plugin).versions().stream().anyMatch(v -> v.version().equals(version))) {
                    throw new ConflictException("Version " + version + " of '" + plugin + "' was uploaded already; a "
                            + "new upload needs a new Bundle-Version");
                }
                if (developer.signer() == null) {
                    try (PreparedStatement s = c.prepareStatement(
                            "UPDATE dotmac_mp_developer SET signer = ? WHERE id = ? AND signer IS NULL")) {
                        s.setString(1, verified.developer());
                        s.setString(2, developer.id());
                        s.executeUpdate();
                    }
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_mp_version (plugin_id, version, "
                        + "symbolic_name, sha256, size_bytes, signer, signer_serial, status, uploaded_at) VALUES "
                        + "(?, ?, ?, ?, ?, ?, ?, 'AVAILABLE', ?)")) {
                    s.setString(1, plugin);
                    s.setString(2, version);
                    s.setString(3, verified.symbolicName());
                    s.setString(4, verified.sha256());
                    s.setLong(5, size);
                    s.setString(6, verified.developer());
                    s.setString(7, verified.developerSerial());
                    s.setTimestamp(8, Timestamp.from(now));
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_mp_archive (plugin_id, version, kind, "
                        + "content) VALUES (?, ?, ?, ?)")) {
                    s.setString(1, plugin);
                    s.setString(2, version);
                    s.setString(3, archive.kind().equals(PluginArchive.KAR) ? "kar" : "jar");
                    s.setBytes(4, Files.readAllBytes(uploaded));
                    s.executeUpdate();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e); // rolls the row back
                }
                try {
                    Files.createDirectories(target.getParent());
                    Files.move(uploaded, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e); // rolls the row back
                }
                return null;
            });
            tmp = null;
            LOG.info("Marketplace plugin {} version {} uploaded, signed by {}", plugin, version, verified.developer());
            return new Version(version, verified.symbolicName(), verified.sha256(), size, verified.developer(),
                    "AVAILABLE", null, now);
        } catch (IOException e) {
            throw new ValidationException("bundle", "could not be received: " + e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp); // nothing of a refused jar is kept
                } catch (IOException e) {
                    LOG.warn("Could not remove the refused upload {}", tmp, e);
                }
            }
        }
    }

    // ---- purchases ----

    @Override
    public Purchase buy(TenantRef tenant, String plugin) {
        Listing l = listing(plugin);
        if (!l.status().equals("CERTIFIED")) {
            throw new ConflictException("Plugin '" + plugin + "' is not certified: it cannot be bought");
        }
        Tier floor = Tier.parse(l.tierFloor()).orElseThrow();
        if (!tenant.tier().includes(floor)) {
            throw new io.dotmac.platform.api.AccessDeniedException("tier", "Plugin '" + plugin + "' is sold from the "
                    + floor + " tier up; this tenant is at " + tenant.tier());
        }
        if (addOns.addOns(tenant).stream().anyMatch(a -> a.plugin().equals(plugin) && a.endsAt() == null)) {
            throw new ConflictException("Plugin '" + plugin + "' is bought already");
        }
        install(plugin);
        AddOn a = addOns.grant(tenant, plugin, SOURCE);
        YearMonth month = YearMonth.now(java.time.ZoneOffset.UTC);
        db.inSystem(c -> {
            charge(c, tenant.id(), l, month);
            return null;
        });
        LOG.info("Tenant {} bought marketplace plugin {}", tenant.slug(), plugin);
        return new Purchase(plugin, l.name(), l.monthlyPrice(), l.currency(), a.since(), a.endsAt());
    }

    @Override
    public Purchase cancel(TenantRef tenant, String plugin) {
        Listing l = listing(plugin);
        if (addOns.addOns(tenant).stream().noneMatch(a -> a.plugin().equals(plugin) && a.endsAt() == null)) {
            throw new NotFoundException("This tenant has no running purchase of '" + plugin + "'");
        }
        AddOn a = addOns.cancel(tenant, plugin, false);
        return new Purchase(plugin, l.name(), l.monthlyPrice(), l.currency(), a.since(), a.endsAt());
    }

    @Override
    public List<Purchase> purchases(TenantRef tenant) {
        List<Purchase> out = new ArrayList<>();
        for (AddOn a : addOns.addOns(tenant)) {
            if (!SOURCE.equals(a.source())) {
                continue;
            }
            try {
                Listing l = listing(a.plugin());
                out.add(new Purchase(a.plugin(), l.name(), l.monthlyPrice(), l.currency(), a.since(), a.endsAt()));
            } catch (NotFoundException gone) {
                // not a marketplace plugin (any more)
            }
        }
        return out;
    }

    @Override
    public int chargeMonth() {
        YearMonth month = YearMonth.now(java.time.ZoneOffset.UTC);
        Instant start = month.atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        int charged = 0;
        String cursor = null;
        do {
            Page<Listing> page = listings(null, Page.MAX_LIMIT, cursor);
            for (Listing l : page.items()) {
                for (AddOn a : addOns.ofPlugin(l.plugin())) {
                    if (SOURCE.equals(a.source()) && (a.endsAt() == null || a.endsAt().isAfter(start))) {
                        charged += db.inSystem(c -> charge(c, a.tenantId(), l, month) ? 1 : 0);
                    }
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return charged;
    }

    /** Charges {@code month} of the plugin to the tenant unless it was; whether it charged now. */
    private static boolean charge(Connection c, String tenantId, Listing l, YearMonth month) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM dotmac_mp_charge WHERE tenant_id = ? AND "
                + "plugin_id = ? AND charge_month = ?")) {
            s.setString(1, tenantId);
            s.setString(2, l.plugin());
            s.setString(3, month.toString());
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        long amount = new BigDecimal(l.monthlyPrice()).movePointRight(2).longValueExact();
        long developer = developerShare(amount);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_mp_charge (tenant_id, plugin_id, charge_month, "
                + "developer_id, currency, amount_minor, developer_minor, platform_minor, charged_at) VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, tenantId);
            s.setString(2, l.plugin());
            s.setString(3, month.toString());
            s.setString(4, l.developerId());
            s.setString(5, l.currency());
            s.setLong(6, amount);
            s.setLong(7, developer);
            s.setLong(8, amount - developer);
            s.setTimestamp(9, Timestamp.from(Instant.now()));
            s.executeUpdate();
        }
        return true;
    }

    /** The developer's 70 % of {@code amount} minor units, rounded down: the remainder is the platform's. */
    static long developerShare(long amount) {
        return Math.multiplyExact(amount, 70L) / 100L;
    }

    @Override
    public List<Charge> charges(YearMonth month) {
        return db.inSystem(c -> {
            List<Charge> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT tenant_id, plugin_id, charge_month, developer_id, currency, "
                    + "amount_minor, developer_minor, platform_minor, charged_at FROM dotmac_mp_charge WHERE charge_month = ? "
                    + "ORDER BY developer_id, plugin_id, tenant_id")) {
                s.setString(1, month.toString());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Charge(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), decimal(rs.getLong(6)), decimal(rs.getLong(7)),
                                decimal(rs.getLong(8)), rs.getTimestamp(9).toInstant()));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<Payout> payouts(YearMonth month) {
        return db.inSystem(c -> {
            List<Payout> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT c.developer_id, d.name, d.payout_details, c.currency, "
                    + "SUM(c.amount_minor), SUM(c.developer_minor), SUM(c.platform_minor), COUNT(*) FROM "
                    + "dotmac_mp_charge c JOIN dotmac_mp_developer d ON d.id = c.developer_id WHERE c.charge_month = ? "
                    + "GROUP BY c.developer_id, d.name, d.payout_details, c.currency ORDER BY d.name, c.currency")) {
                s.setString(1, month.toString());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Payout(rs.getString(1), rs.getString(2), rs.getString(3), month.toString(),
                                rs.getString(4), decimal(rs.getLong(5)), decimal(rs.getLong(6)),
                                decimal(rs.getLong(7)), rs.getInt(8)));
                    }
                }
            }
            return out;
        });
    }

    // ---- installing ----

    /** Installs the plugin's newest available version unless a version of it is installed; every node follows. */
    private synchronized void install(String plugin) {
        Optional<String> here = installer.installed(plugin);
        if (here.isPresent()) {
            recordInstalled(plugin, here.get());
            return;
        }
        Listing l = listing(plugin);
        Version v = l.versions().stream().filter(x -> x.status().equals("AVAILABLE"))
                .reduce((a, b) -> b).orElseThrow(() -> new ConflictException("Plugin '" + plugin
                        + "' has no available version"));
        installer.install(plugin, v.version(), verified(plugin, v), store);
        recordInstalled(plugin, v.version());
    }

    /** The stored archive of {@code v}, checked against the digest verified at upload. */
    private PluginArchive verified(String plugin, Version v) {
        Path file = localArchive(plugin, v.version());
        byte[] bytes;
        try {
            bytes = file == null ? null : Files.readAllBytes(file);
        } catch (IOException e) {
            bytes = null;
        }
        if (bytes == null) {
            throw new ConflictException("The stored archive of '" + plugin + "' " + v.version() + " cannot be read");
        }
        if (!sha256(bytes).equals(v.sha256())) {
            throw new ConflictException("The stored archive of '" + plugin + "' " + v.version()
                    + " is not the one verified at upload (its digest changed): not installed");
        }
        try {
            return PluginArchive.read(file);
        } catch (SignedJars.Refused e) {
            throw new ConflictException("The stored archive of '" + plugin + "' " + v.version() + ": "
                    + e.getMessage());
        }
    }

    /**
     * The archive of a version in this node's store, written there from the database first when another node took
     * the upload (or null when neither has it).
     */
    private Path localArchive(String plugin, String version) {
        Path here = archive(store, plugin, version);
        if (here != null) {
            return here;
        }
        Object[] stored = db.inSystem(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT kind, content FROM dotmac_mp_archive "
                    + "WHERE plugin_id = ? AND version = ?")) {
                s.setString(1, plugin);
                s.setString(2, version);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? new Object[] {rs.getString(1), rs.getBytes(2)} : null;
                }
            }
        });
        if (stored == null) {
            return null;
        }
        Path target = store.resolve(plugin).resolve(version + "." + stored[0]);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".", ".part");
            Files.write(tmp, (byte[]) stored[1]);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return target;
    }

    // ---- every node installs what one installed ----

    /** The kind of {@link ClusterChanges} told and heard: which version of a plugin is installed (key: the plugin). */
    static final String INSTALLS_CHANGED = "marketplace-installs";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ClusterChanges changes;

    /** Records {@code version} as the plugin's installed one (every node follows), or none when null. */
    private void recordInstalled(String plugin, String version) {
        boolean changed = db.inSystem(c -> {
            Optional<String> before = installedVersion(c, plugin);
            if (before != null && java.util.Objects.equals(before.orElse(null), version)) {
                return false;
            }
            try (PreparedStatement d = c.prepareStatement("DELETE FROM dotmac_mp_install WHERE plugin_id = ?")) {
                d.setString(1, plugin);
                d.executeUpdate();
            }
            try (PreparedStatement i = c.prepareStatement("INSERT INTO dotmac_mp_install (plugin_id, version, "
                    + "installed_at) VALUES (?, ?, ?)")) {
                i.setString(1, plugin);
                i.setString(2, version);
                i.setTimestamp(3, Timestamp.from(Instant.now()));
                i.executeUpdate();
            }
            ClusterChanges bus = changes;
            if (bus != null) {
                bus.changed(INSTALLS_CHANGED, plugin);
            }
            return true;
        });
        if (changed) {
            LOG.info("Marketplace plugin {}: {} on every node", plugin, version == null ? "uninstalled" : version);
        }
    }

    /**
     * The recorded version of the plugin: empty when it is recorded as uninstalled, {@code null} when nothing is
     * recorded (installed before installs were recorded, or never).
     */
    private static Optional<String> installedVersion(Connection c, String plugin) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT version FROM dotmac_mp_install WHERE plugin_id = ?")) {
            s.setString(1, plugin);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : null;
            }
        }
    }

    /**
     * Makes this node's install of the plugin the recorded one (another node installed, changed or removed it). With
     * nothing recorded, a plugin installed here before installs were recorded is recorded (and its archive kept in
     * the database) when {@code adopt}, else left as it is.
     */
    synchronized void follow(String plugin, boolean adopt) {
        Optional<String> recorded = db.inSystem(c -> installedVersion(c, plugin));
        Optional<String> here = installer.installed(plugin);
        if (recorded == null) {
            if (adopt && here.isPresent()) {
                keepArchive(plugin, here.get());
                recordInstalled(plugin, here.get());
            }
            return;
        }
        String wanted = recorded.orElse(null);
        if (wanted == null) {
            if (here.isPresent() && installer.uninstall(plugin, store)) {
                LOG.info("Marketplace plugin {} uninstalled here, as on another node", plugin);
            }
            return;
        }
        if (here.filter(wanted::equals).isPresent()) {
            return;
        }
        Version v = listing(plugin).versions().stream().filter(x -> x.version().equals(wanted)).findFirst()
                .orElseThrow(() -> new NotFoundException("No version " + wanted + " of '" + plugin + "'"));
        if (here.isPresent()) {
            installer.uninstall(plugin, store);
        }
        installer.install(plugin, wanted, verified(plugin, v), store);
        LOG.info("Marketplace plugin {} {} installed here, as on another node", plugin, wanted);
    }

    /** Keeps the local archive of a version in the database, when it is not there yet (uploaded before). */
    private void keepArchive(String plugin, String version) {
        Path file = archive(store, plugin, version);
        if (file == null) {
            return;
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            db.inSystem(c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_mp_archive (plugin_id, version, kind, "
                        + "content) SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM dotmac_mp_archive "
                        + "WHERE plugin_id = ? AND version = ?)")) {
                    s.setString(1, plugin);
                    s.setString(2, version);
                    s.setString(3, file.getFileName().toString().endsWith(".kar") ? "kar" : "jar");
                    s.setBytes(4, bytes);
                    s.setString(5, plugin);
                    s.setString(6, version);
                    s.executeUpdate();
                }
                return null;
            });
        } catch (IOException e) {
            LOG.warn("The archive of {} {} could not be kept in the database: {}", plugin, version, e.toString());
        }
    }

    /** Follows every plugin of the marketplace (at start, and after a lost connection to the other nodes). */
    void followAll() {
        List<String> plugins = db.inSystem(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT plugin_id FROM dotmac_mp_listing ORDER BY plugin_id");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
        for (String plugin : plugins) {
            followLater(plugin, true);
        }
    }

    /** {@link #follow} on the marketplace's own thread: installing takes seconds, the caller does not wait. */
    void followLater(String plugin, boolean adopt) {
        try {
            follower.execute(() -> {
                try {
                    follow(plugin, adopt);
                } catch (RuntimeException e) {
                    LOG.warn("Marketplace plugin {} could not follow the other nodes: {}", plugin, e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // followed at the next start
        }
    }

    @Override
    public synchronized boolean uninstall(String plugin) {
        listing(plugin); // 404 for a plugin the marketplace does not have
        List<AddOn> using = addOns.ofPlugin(plugin);
        if (!using.isEmpty()) {
            throw new ConflictException("Plugin '" + plugin + "' is in use by " + using.size() + " tenant"
                    + (using.size() == 1 ? "" : "s") + ": it is uninstalled once no purchase runs");
        }
        boolean was = installer.uninstall(plugin, store);
        if (was) {
            LOG.info("Marketplace plugin {} uninstalled: no tenant uses it", plugin);
        }
        recordInstalled(plugin, null);
        return was;
    }

    @Override
    public Version revoke(String plugin, String version, String reason) {
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw new ValidationException("reason", "is required: 1 to 500 characters");
        }
        Version revoked = db.inSystem(c -> {
            Version v = read(c, plugin).versions().stream().filter(x -> x.version().equals(version)).findFirst()
                    .orElseThrow(() -> new NotFoundException("No version " + version + " of '" + plugin + "'"));
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_mp_version SET status = 'REVOKED', "
                    + "status_reason = ? WHERE plugin_id = ? AND version = ?")) {
                s.setString(1, reason.strip());
                s.setString(2, plugin);
                s.setString(3, version);
                s.executeUpdate();
            }
            return new Version(v.version(), v.symbolicName(), v.sha256(), v.sizeBytes(), v.signer(), "REVOKED",
                    reason.strip(), v.uploadedAt());
        });
        synchronized (this) {
            if (installer.installed(plugin).filter(version::equals).isPresent()) {
                installer.uninstall(plugin, store);
                LOG.warn("Marketplace plugin {} {} revoked and removed: {}", plugin, version, reason);
                if (listing(plugin).versions().stream().anyMatch(x -> x.status().equals("AVAILABLE"))) {
                    install(plugin);
                } else {
                    recordInstalled(plugin, null);
                }
            } else if (Optional.of(version).equals(db.inSystem(c -> installedVersion(c, plugin)))) {
                // installed on other nodes only: they follow the record
                recordInstalled(plugin, null);
            }
        }
        return revoked;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- rows ----

    private static boolean exists(Connection c, String plugin) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM dotmac_mp_listing WHERE plugin_id = ?")) {
            s.setString(1, plugin);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Listing read(Connection c, String plugin) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + LISTING_COLUMNS + " FROM dotmac_mp_listing l JOIN "
                + "dotmac_mp_developer d ON d.id = l.developer_id WHERE l.plugin_id = ?")) {
            s.setString(1, plugin);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("No marketplace plugin '" + plugin + "'");
                }
                String shots = rs.getString("screenshots");
                return new Listing(rs.getString("plugin_id"), rs.getString("developer_id"),
                        rs.getString("developer_name"), rs.getString("name"), rs.getString("description"),
                        rs.getString("tier_floor"), decimal(rs.getLong("price_minor")), rs.getString("currency"),
                        shots.isEmpty() ? List.of() : Arrays.asList(shots.split("\n")), rs.getString("status"),
                        rs.getString("status_reason"), decimal(rs.getLong("fee_minor")) + " " + FEE_CURRENCY,
                        rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                        versions(c, plugin));
            }
        }
    }

    private static List<Version> versions(Connection c, String plugin) throws SQLException {
        List<Version> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT version, symbolic_name, sha256, size_bytes, signer, "
                + "status, status_reason, uploaded_at FROM dotmac_mp_version WHERE plugin_id = ? ORDER BY uploaded_at")) {
            s.setString(1, plugin);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Version(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant()));
                }
            }
        }
        return out;
    }

    // ---- values ----

    private static String text(String value, String field, int max, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        String v = value.strip();
        if (v.length() > max) {
            errors.add(new FieldError(field, "at most " + max + " characters"));
        }
        return v;
    }

    /** A decimal amount of at most two places, 0 to 100,000, in minor units. */
    static long minor(String value, String field, List<FieldError> errors) {
        try {
            BigDecimal d = new BigDecimal(value == null ? "" : value.strip());
            if (d.scale() > 2 || d.signum() < 0 || d.compareTo(BigDecimal.valueOf(100_000)) > 0) {
                throw new NumberFormatException();
            }
            return d.movePointRight(2).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            errors.add(new FieldError(field, "must be an amount from 0 to 100000 with at most two decimals, as "
                    + "\"12.50\""));
            return 0;
        }
    }

    static String decimal(long minor) {
        return BigDecimal.valueOf(minor, 2).toPlainString();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
