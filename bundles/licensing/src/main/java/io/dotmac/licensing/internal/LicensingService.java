package io.dotmac.licensing.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
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

import io.dotmac.licensing.AddOn;
import io.dotmac.licensing.AddOns;
import io.dotmac.licensing.Licensing;
import io.dotmac.licensing.TenantLicense;
import io.dotmac.licensing.TenantPlugin;
import io.dotmac.licensing.TierOffer;
import io.dotmac.persistence.DomainEvents;
import io.dotmac.persistence.ClusterChanges;
import io.dotmac.persistence.platform.SystemDatabase;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.platform.api.LimitExceededException;
import io.dotmac.platform.api.LimitService;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.PluginActivation;
import io.dotmac.platform.api.PluginDescriptor;
import io.dotmac.platform.api.PluginNotLicensedException;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.platform.api.Tier;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantListener;
import io.dotmac.tenant.TenantService;

/**
 * The licensing core: catalogue, entitlements (tier-included minus switched off plus add-ons, persisted, answered
 * from memory), per-tenant activation, the tenant-scoped service accessor (layer 2) and the tier limits. Only
 * {@link Licensing} (administration, hidden from plugins by the {@link PluginBoundary}) is registered on this
 * object; plugins get {@link TenantServices} and {@link LimitService} from separate services
 * ({@link TenantServicesService}, {@link LimitServiceService}), so holding one never hands them the other.
 */
@Component(service = { Licensing.class, AddOns.class, TenantListener.class, LicensingService.class },
        configurationPid = LicensingService.PID, immediate = true)
@Designate(ocd = LicensingService.Config.class)
public class LicensingService implements Licensing, AddOns, TenantServices, LimitService, TenantListener {

    static final String PID = "io.dotmac.licensing";

    @ObjectClassDefinition(name = "DotMac licensing", description = "Tier prices and limits.")
    public @interface Config {
        @AttributeDefinition(description = "Monthly price of the FREE tier (decimal).")
        String freeMonthlyPrice() default "0.00";

        @AttributeDefinition(description = "Monthly price of the BASIC tier (decimal).")
        String basicMonthlyPrice() default "49.00";

        @AttributeDefinition(description = "Monthly price of the PREMIUM tier (decimal).")
        String premiumMonthlyPrice() default "149.00";

        @AttributeDefinition(description = "Monthly price of the ENTERPRISE tier (decimal).")
        String enterpriseMonthlyPrice() default "399.00";

        @AttributeDefinition(description = "ISO 4217 currency of the prices.")
        String currency() default "USD";

        @AttributeDefinition(description = "Customers a FREE tenant may have; -1: unlimited.")
        long freeCustomerLimit() default 100;

        @AttributeDefinition(description = "Customers a BASIC tenant may have; -1: unlimited.")
        long basicCustomerLimit() default 1000;

        @AttributeDefinition(description = "Customers a PREMIUM tenant may have; -1: unlimited.")
        long premiumCustomerLimit() default 10000;

        @AttributeDefinition(description = "Customers an ENTERPRISE tenant may have; -1: unlimited.")
        long enterpriseCustomerLimit() default -1;

        @AttributeDefinition(description = "How long a plugin's activate or deactivate of one tenant may take (s) "
                + "before it is reported as the plugin's problem and left behind (no other plugin waits for it).")
        long activationTimeoutSeconds() default 10;

        @AttributeDefinition(description = "How long after a plugin's bundle stops (s) the threads it left running "
                + "are looked for and reported as its problem.")
        long threadLeakGraceSeconds() default 5;

        @AttributeDefinition(description = "The instance licence: FREE, BASIC, PREMIUM or ENTERPRISE. Plugins above "
                + "it are installed but inert. A dedicated ISP instance runs at its ISP's tier, a shared one at "
                + "ENTERPRISE.")
        String instanceTier() default "ENTERPRISE";
    }

    private static final Logger LOG = LoggerFactory.getLogger(LicensingService.class);

    private final SystemDatabase db;
    private final TenantService tenants;
    /** Where limit warnings go out (the persistence bundle's domain events). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DomainEvents events;
    private final BundleContext context;
    private final PluginCatalogue catalogue;
    private final Activations activations;
    private final InstanceLicense instance;
    private final ConfigurationAdmin configAdmin;
    private final Entitlements entitlements;
    private volatile TierPlans plans;
    /** Ends the add-ons whose term is over: their rows go and their plugins are deactivated for the tenant. */
    private final java.util.concurrent.ScheduledExecutorService sweeper;
    private final ThreadLeaks threadLeaks;
    private static final long SWEEP_SECONDS = 30;
    /**
     * Plugin services found for layer 2, by bundle and type (empty when there is none), so a call does not search
     * the registry; replaced by an empty map on every service event (rare once started), and a lookup racing one
     * fills the map it began with, which is then discarded.
     */
    private volatile ConcurrentHashMap<Long, ConcurrentHashMap<Class<?>, Optional<Object>>> found =
            new ConcurrentHashMap<>();
    private final ServiceListener forgetFound = event -> found = new ConcurrentHashMap<>();

    @Activate
    public LicensingService(@Reference SystemDatabase db,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=licensing)") MigratedSchema schema,
            @Reference TenantService tenants, @Reference ConfigurationAdmin configAdmin, Config config,
            BundleContext context) {
        this.db = db;
        this.tenants = tenants;
        this.context = context;
        this.configAdmin = configAdmin;
        this.plans = TierPlans.of(config);
        this.entitlements = new Entitlements(this::installedPlugin,
                id -> tenants.find(id).map(Tenant::tier).orElse(null), this::instanceTier, this::soldAlone);
        loadSwitches();
        this.activations = new Activations(db, tenants, this::allowedNow, this::tenantRef);
        activations.timeout(timeout(config));
        long leakGrace = leakGrace(config);
        this.instance = new InstanceLicense(context, instanceTier(config), this::installedPlugins);
        this.catalogue = new PluginCatalogue(context, this::pluginChanged);
        catalogue.open();
        instance.start();
        activations.start(context);
        context.addServiceListener(forgetFound);
        this.sweeper = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dotmac-addon-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::endAddOns, SWEEP_SECONDS, SWEEP_SECONDS,
                java.util.concurrent.TimeUnit.SECONDS);
        this.threadLeaks = new ThreadLeaks(context,
                b -> Optional.ofNullable(PluginCatalogue.describe(b)).map(PluginDescriptor::id), sweeper, leakGrace);
        threadLeaks.start();
    }

    private static long leakGrace(Config config) {
        if (config.threadLeakGraceSeconds() < 0 || config.threadLeakGraceSeconds() > 600) {
            throw new IllegalArgumentException("Invalid io.dotmac.licensing configuration: threadLeakGraceSeconds "
                    + "must be 0 to 600");
        }
        return config.threadLeakGraceSeconds() * 1000;
    }

    /** Where the marketplace installs its plugins' bundles: a tenant has those only as add-ons it bought. */
    static final String MARKETPLACE_LOCATION = "marketplace:";

    private boolean soldAlone(PluginDescriptor p) {
        org.osgi.framework.Bundle b = context.getBundle(p.bundleId());
        return b != null && b.getLocation().startsWith(MARKETPLACE_LOCATION);
    }

    private PluginDescriptor installedPlugin(String id) {
        return catalogue.get(id);
    }

    private Iterable<PluginDescriptor> installedPlugins() {
        return catalogue.all();
    }

    private static Tier instanceTier(Config config) {
        return Tier.parse(config.instanceTier()).orElseThrow(() -> new IllegalArgumentException(
                "Invalid io.dotmac.licensing configuration: instanceTier '" + config.instanceTier()
                        + "' is not FREE, BASIC, PREMIUM or ENTERPRISE"));
    }

    private void pluginChanged(PluginDescriptor before, PluginDescriptor after) {
        if (before == null) {
            instance.pluginAdded(after);
        } else if (after == null) {
            instance.pluginRemoved(before);
        }
        activations.pluginChanged(before, after);
    }

    private static long timeout(Config config) {
        if (config.activationTimeoutSeconds() < 1 || config.activationTimeoutSeconds() > 600) {
            throw new IllegalArgumentException("Invalid io.dotmac.licensing configuration: activationTimeoutSeconds "
                    + "must be 1 to 600");
        }
        return config.activationTimeoutSeconds() * 1000;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile org.osgi.service.component.runtime.ServiceComponentRuntime scr;

    @Override
    public Optional<String> problem(String plugin) {
        PluginDescriptor p = catalogue.get(plugin);
        if (p == null) {
            return Optional.empty();
        }
        List<String> found = new ArrayList<>();
        org.osgi.framework.Bundle bundle = context.getBundle(p.bundleId());
        if (bundle != null && bundle.getState() != org.osgi.framework.Bundle.ACTIVE) {
            found.add("its bundle is not started (state " + p.state() + ")");
        }
        org.osgi.service.component.runtime.ServiceComponentRuntime runtime = scr;
        if (runtime != null && bundle != null) {
            for (var description : runtime.getComponentDescriptionDTOs(bundle)) {
                for (var configuration : runtime.getComponentConfigurationDTOs(description)) {
                    if (configuration.state
                            == org.osgi.service.component.runtime.dto.ComponentConfigurationDTO.FAILED_ACTIVATION) {
                        found.add("component " + description.name + " failed to activate: "
                                + firstLine(configuration.failure));
                    }
                }
            }
        }
        activations.problem(plugin).ifPresent(found::add);
        threadLeaks.problem(p.bundleId()).ifPresent(found::add);
        return found.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", found));
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "(no reason given)";
        }
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).strip();
    }

    @Modified
    void modified(Config config) {
        activations.timeout(timeout(config));
        threadLeaks.grace(leakGrace(config));
        this.plans = TierPlans.of(config);
        instance.set(instanceTier(config));
        LOG.info("Licensing configuration changed");
    }

    @Deactivate
    void deactivate() {
        threadLeaks.stop();
        sweeper.shutdownNow();
        context.removeServiceListener(forgetFound);
        activations.stop();
        instance.stop();
        catalogue.close();
    }

    @Override
    public Tier instanceTier() {
        return instance.tier();
    }

    @Override
    public void setInstanceTier(Tier tier) {
        setInstanceTier(tier, true);
    }

    /** Keeps the instance licence in this node's configuration; tells the other nodes when asked. */
    private void setInstanceTier(Tier tier, boolean tell) {
        if (tier == null) {
            throw new ValidationException("tier", "must be one of FREE, BASIC, PREMIUM, ENTERPRISE");
        }
        try {
            Configuration configuration = configAdmin.getConfiguration(PID, "?");
            Dictionary<String, Object> properties = configuration.getProperties();
            if (properties == null) {
                properties = new Hashtable<>();
            }
            properties.put("instanceTier", tier.name());
            configuration.update(properties);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the instance licence", e);
        }
        instance.set(tier);
        ClusterChanges c = changes;
        if (tell && c != null) {
            c.changed(INSTANCE, tier.name());
        }
    }

    private void loadSwitches() {
        readSwitches(null).forEach(entitlements::put);
    }

    /** The switches and add-ons stored, of one tenant or (null) of all, by tenant. */
    private Map<String, Switches> readSwitches(String tenantId) {
        String only = tenantId == null ? "" : " AND tenant_id = ?";
        return db.inSystem(c -> {
            Map<String, Switches> loaded = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT tenant_id, plugin_id, enabled FROM "
                    + "dotmac_plugin_toggle WHERE enabled = FALSE" + only)) {
                if (tenantId != null) {
                    s.setString(1, tenantId);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String tenant = rs.getString(1);
                        loaded.put(tenant, loaded.getOrDefault(tenant, Switches.NONE).withEnabled(rs.getString(2),
                                false));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT tenant_id, plugin_id, created_at, ends_at, source "
                    + "FROM dotmac_plugin_addon WHERE 1 = 1" + only)) {
                if (tenantId != null) {
                    s.setString(1, tenantId);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String tenant = rs.getString(1);
                        Timestamp ends = rs.getTimestamp(4);
                        AddOn a = new AddOn(tenant, rs.getString(2), rs.getTimestamp(3).toInstant(),
                                ends == null ? null : ends.toInstant(), rs.getString(5));
                        loaded.put(tenant, loaded.getOrDefault(tenant, Switches.NONE).withAddon(a));
                    }
                }
            }
            return loaded;
        });
    }

    // ---- what another node changed

    /** The kind of {@link ClusterChanges} told when a tenant's plugin switches or add-ons change. */
    static final String SWITCHES = "tenant-plugins";
    /** The kind told when the instance licence changes (its key: the tier). */
    static final String INSTANCE = "instance-licence";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ClusterChanges changes;

    private void tellSwitches(String tenantId) {
        ClusterChanges c = changes;
        if (c != null) {
            c.changed(SWITCHES, tenantId);
        }
    }

    /** Reads a tenant's switches and add-ons again; its plugins whose use changed are (de)activated here. */
    void reloadSwitches(String tenantId) {
        Switches fresh = readSwitches(tenantId).getOrDefault(tenantId, Switches.NONE);
        synchronized (entitlements) {
            apply(tenantId, fresh);
        }
    }

    /** Reads every tenant's switches and add-ons again. */
    void reloadAllSwitches() {
        Map<String, Switches> fresh = readSwitches(null);
        synchronized (entitlements) {
            java.util.Set<String> tenants = new java.util.HashSet<>(entitlements.all().keySet());
            tenants.addAll(fresh.keySet());
            for (String tenantId : tenants) {
                apply(tenantId, fresh.getOrDefault(tenantId, Switches.NONE));
            }
        }
    }

    private void apply(String tenantId, Switches fresh) {
        Switches before = entitlements.switches(tenantId);
        if (before.equals(fresh)) {
            return;
        }
        entitlements.put(tenantId, fresh);
        TenantRef ref = tenantRef(tenantId);
        if (ref == null) {
            return;
        }
        Tier tier = entitlements.tierOf(ref);
        List<String> changed = new ArrayList<>();
        for (PluginDescriptor p : catalogue.all()) {
            boolean was = entitlements.entitled(before, tier, p) && !before.disabled().contains(p.id());
            boolean now = entitlements.entitled(fresh, tier, p) && !fresh.disabled().contains(p.id());
            if (was != now) {
                changed.add(p.id());
            }
        }
        LOG.info("Plugin switches of tenant {} changed on another node: {}", ref.slug(), changed);
        if (!changed.isEmpty()) {
            activations.changed(tenantId, changed);
        }
    }

    /** The instance licence another node set: kept here too. */
    void applyInstanceTier(String tier) {
        Tier t = Tier.parse(tier).orElse(null);
        if (t != null && t != instance.tier()) {
            LOG.info("Instance licence set to {} on another node", t);
            setInstanceTier(t, false);
        }
    }

    // ---- catalogue ----

    @Override
    public List<PluginDescriptor> catalogue() {
        return catalogue.all().stream().sorted(Comparator.comparing(PluginDescriptor::id)).toList();
    }

    @Override
    public Optional<PluginDescriptor> plugin(String id) {
        return Optional.ofNullable(id == null ? null : catalogue.get(id));
    }

    @Override
    public Optional<PluginDescriptor> pluginOf(long bundleId) {
        return catalogue.ofBundle(bundleId);
    }

    // ---- entitlements ----

    private TenantRef tenantRef(String tenantId) {
        return tenants.find(tenantId).map(Tenant::ref).orElse(null);
    }

    @Override
    public boolean allowed(TenantRef tenant, String plugin) {
        return entitlements.allowed(tenant, plugin);
    }

    /** Whether a tenant (by id) may use a plugin now; false for a tenant that does not exist. */
    private boolean allowedNow(String tenantId, String plugin) {
        TenantRef t = tenantRef(tenantId);
        return t != null && allowed(t, plugin);
    }

    @Override
    public void check(TenantRef tenant, String plugin) {
        entitlements.check(tenant, plugin);
    }

    @Override
    public List<TenantPlugin> plugins(TenantRef tenant) {
        Switches s = entitlements.switches(tenant.id());
        Tier tier = entitlements.tierOf(tenant);
        List<TenantPlugin> out = new ArrayList<>();
        for (PluginDescriptor p : catalogue()) {
            out.add(view(p, s, tier));
        }
        return out;
    }

    private TenantPlugin view(PluginDescriptor p, Switches s, Tier tier) {
        boolean entitled = entitlements.entitled(s, tier, p);
        boolean enabled = !s.disabled().contains(p.id());
        return new TenantPlugin(p.id(), p.name(), p.tier(), entitled, enabled, entitled && enabled && p.active());
    }

    @Override
    public TenantPlugin setEnabled(TenantRef tenant, String plugin, boolean enabled) {
        PluginDescriptor p = catalogue.get(plugin);
        if (p == null) {
            throw new NotFoundException("No plugin '" + plugin + "' is installed");
        }
        Tier tier = entitlements.tierOf(tenant);
        Switches before = entitlements.switches(tenant.id());
        if (enabled && !entitlements.entitled(before, tier, p)) {
            throw entitlements.refusal(p, tier);
        }
        synchronized (entitlements) {
            before = entitlements.switches(tenant.id());
            boolean wasAllowed = entitlements.entitled(before, tier, p) && !before.disabled().contains(plugin);
            db.inTenant(tenant, c -> {
                upsertToggle(c, tenant.id(), plugin, enabled);
                tellSwitches(tenant.id());
                return null;
            });
            Switches after = before.withEnabled(plugin, enabled);
            entitlements.put(tenant.id(), after);
            boolean nowAllowed = entitlements.entitled(after, tier, p) && enabled;
            if (wasAllowed != nowAllowed) {
                LOG.info("Plugin '{}' switched {} for tenant {}", plugin, enabled ? "on" : "off", tenant.slug());
                activations.changed(tenant.id(), List.of(plugin));
            }
            return view(p, after, tier);
        }
    }

    // ---- add-ons ----

    @Override
    public AddOn grant(TenantRef tenant, String plugin, String source) {
        PluginDescriptor p = catalogue.get(plugin);
        if (p == null) {
            throw new NotFoundException("No plugin '" + plugin + "' is installed");
        }
        if (!instance.tier().includes(p.tier())) {
            throw new io.dotmac.platform.api.ConflictException("Plugin '" + plugin + "' needs the " + p.tier()
                    + " instance licence; this instance is licensed for " + instance.tier());
        }
        Tier tier = entitlements.tierOf(tenant);
        synchronized (entitlements) {
            Switches before = entitlements.switches(tenant.id());
            boolean wasAllowed = entitlements.entitled(before, tier, p) && !before.disabled().contains(plugin);
            AddOn had = before.addons().get(plugin);
            // a running (or cancelled, not yet ended) add-on keeps its start; an ended one starts again
            Instant since = had != null && before.addOn(plugin, Instant.now()) ? had.since() : Instant.now();
            AddOn now = new AddOn(tenant.id(), plugin, since, null, source);
            db.inTenant(tenant, c -> {
                writeAddOn(c, now, had != null);
                tellSwitches(tenant.id());
                return null;
            });
            Switches after = before.withAddon(now);
            entitlements.put(tenant.id(), after);
            boolean nowAllowed = entitlements.entitled(after, tier, p) && !after.disabled().contains(plugin);
            LOG.info("Add-on '{}' granted to tenant {} ({})", plugin, tenant.slug(), source);
            if (wasAllowed != nowAllowed) {
                activations.changed(tenant.id(), List.of(plugin));
            }
            return now;
        }
    }

    @Override
    public AddOn cancel(TenantRef tenant, String plugin, boolean immediately) {
        Tier tier = entitlements.tierOf(tenant);
        synchronized (entitlements) {
            Switches before = entitlements.switches(tenant.id());
            AddOn had = before.addons().get(plugin);
            Instant now = Instant.now();
            if (had == null || !before.addOn(plugin, now)) {
                throw new NotFoundException("Tenant " + tenant.slug() + " has no add-on '" + plugin + "'");
            }
            PluginDescriptor p = catalogue.get(plugin);
            boolean wasAllowed = p != null && entitlements.entitled(before, tier, p)
                    && !before.disabled().contains(plugin);
            Instant end = immediately ? now : endOfMonth(now);
            AddOn ended = new AddOn(had.tenantId(), plugin, had.since(), end, had.source());
            Switches after;
            if (immediately) {
                db.inTenant(tenant, c -> {
                    deleteAddOn(c, tenant.id(), plugin);
                    tellSwitches(tenant.id());
                    return null;
                });
                after = before.withoutAddon(plugin);
            } else {
                db.inTenant(tenant, c -> {
                    writeAddOn(c, ended, true);
                    tellSwitches(tenant.id());
                    return null;
                });
                after = before.withAddon(ended);
            }
            entitlements.put(tenant.id(), after);
            boolean nowAllowed = p != null && entitlements.entitled(after, tier, p)
                    && !after.disabled().contains(plugin);
            LOG.info("Add-on '{}' of tenant {} cancelled, ending {}", plugin, tenant.slug(), end);
            if (wasAllowed != nowAllowed) {
                activations.changed(tenant.id(), List.of(plugin));
            }
            return ended;
        }
    }

    /** The first instant of the month after {@code now}'s, in UTC. */
    static Instant endOfMonth(Instant now) {
        return java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1)
                .atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    }

    @Override
    public List<AddOn> addOns(TenantRef tenant) {
        Switches s = entitlements.switches(tenant.id());
        Instant now = Instant.now();
        return s.addons().values().stream().filter(a -> s.addOn(a.plugin(), now))
                .sorted(Comparator.comparing(AddOn::plugin)).toList();
    }

    @Override
    public List<AddOn> ofPlugin(String plugin) {
        Instant now = Instant.now();
        List<AddOn> out = new ArrayList<>();
        entitlements.all().forEach((tenant, s) -> {
            if (s.addOn(plugin, now)) {
                out.add(s.addons().get(plugin));
            }
        });
        out.sort(Comparator.comparing(AddOn::tenantId));
        return out;
    }

    /** Removes the add-ons whose term is over and deactivates their plugins for their tenants. */
    void endAddOns() {
        try {
            Instant now = Instant.now();
            for (Map.Entry<String, Switches> e : Map.copyOf(entitlements.all()).entrySet()) {
                List<String> ended = e.getValue().addons().values().stream()
                        .filter(a -> a.endsAt() != null && !now.isBefore(a.endsAt())).map(AddOn::plugin).toList();
                if (ended.isEmpty()) {
                    continue;
                }
                String tenantId = e.getKey();
                synchronized (entitlements) {
                    Switches s = entitlements.switches(tenantId);
                    db.inSystem(c -> {
                        for (String plugin : ended) {
                            deleteAddOn(c, tenantId, plugin);
                        }
                        tellSwitches(tenantId);
                        return null;
                    });
                    for (String plugin : ended) {
                        s = s.withoutAddon(plugin);
                    }
                    entitlements.put(tenantId, s);
                }
                LOG.info("Add-ons {} of tenant {} ended", ended, tenantId);
                activations.changed(tenantId, ended);
            }
        } catch (RuntimeException e) {
            LOG.warn("Ending add-ons failed; tried again in {} s", SWEEP_SECONDS, e);
        }
    }

    private static void writeAddOn(Connection c, AddOn a, boolean exists) throws SQLException {
        String sql = exists
                ? "UPDATE dotmac_plugin_addon SET created_at = ?, ends_at = ?, source = ? WHERE tenant_id = ? "
                        + "AND plugin_id = ?"
                : "INSERT INTO dotmac_plugin_addon (created_at, ends_at, source, tenant_id, plugin_id) "
                        + "VALUES (?, ?, ?, ?, ?)";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setTimestamp(1, Timestamp.from(a.since()));
            s.setTimestamp(2, a.endsAt() == null ? null : Timestamp.from(a.endsAt()));
            s.setString(3, a.source());
            s.setString(4, a.tenantId());
            s.setString(5, a.plugin());
            s.executeUpdate();
        }
    }

    private static void deleteAddOn(Connection c, String tenantId, String plugin) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "DELETE FROM dotmac_plugin_addon WHERE tenant_id = ? AND plugin_id = ?")) {
            s.setString(1, tenantId);
            s.setString(2, plugin);
            s.executeUpdate();
        }
    }

    private static void upsertToggle(Connection c, String tenantId, String plugin, boolean enabled)
            throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement u = c.prepareStatement(
                "UPDATE dotmac_plugin_toggle SET enabled = ?, updated_at = ? WHERE tenant_id = ? AND plugin_id = ?")) {
            u.setBoolean(1, enabled);
            u.setTimestamp(2, now);
            u.setString(3, tenantId);
            u.setString(4, plugin);
            if (u.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement i = c.prepareStatement(
                "INSERT INTO dotmac_plugin_toggle (tenant_id, plugin_id, enabled, updated_at) VALUES (?, ?, ?, ?)")) {
            i.setString(1, tenantId);
            i.setString(2, plugin);
            i.setBoolean(3, enabled);
            i.setTimestamp(4, now);
            i.executeUpdate();
        }
    }

    @Override
    public List<TierOffer> tiers() {
        TierPlans current = plans;
        List<TierOffer> out = new ArrayList<>();
        for (Tier t : Tier.values()) {
            TierPlans.Plan plan = current.plan(t);
            out.add(new TierOffer(t, plan.monthlyPrice().toPlainString(), current.currency(),
                    plan.customerLimit() == -1 ? null : plan.customerLimit()));
        }
        return out;
    }

    @Override
    public TenantLicense license(TenantRef tenant) {
        Tier tier = entitlements.tierOf(tenant);
        TierPlans.Plan plan = plans.plan(tier);
        long limit = plan.customerLimit();
        return new TenantLicense(tier, plan.monthlyPrice().toPlainString(), plans.currency(),
                limit == -1 ? null : limit, used(tenant, CUSTOMERS));
    }

    // ---- tenant changes ----

    @Override
    public void tenantChanged(Tenant before, Tenant after) {
        if (after == null) {
            // being deleted: every plugin deactivates it now, and its switches are forgotten
            activations.deleted(before.ref());
            entitlements.put(before.id(), Switches.NONE);
            return;
        }
        if (before == null) {
            // the usage rows exist from the start, so concurrent first reservations never race to create them
            try {
                db.inTenant(after.ref(), c -> {
                    ensureUsageRow(c, after.id(), CUSTOMERS);
                    return null;
                });
            } catch (io.dotmac.persistence.DataAccessException e) {
                if (!e.uniqueViolation()) {
                    throw e;
                }
                // another node, told of the same new tenant, made it first
            }
        }
        if (before == null || before.tier() != after.tier()) {
            activations.changed(after.id(), catalogue.all().stream().map(PluginDescriptor::id).toList());
        }
    }

    // ---- layer 2 ----

    @Override
    public <S> Optional<S> service(TenantRef tenant, String plugin, Class<S> type) {
        check(tenant, plugin);
        return serviceOf(catalogue.get(plugin), type);
    }

    /** A plugin's service for the platform's own work (not for one tenant): while the plugin is active here. */
    public <S> Optional<S> platformService(String plugin, Class<S> type) {
        PluginDescriptor p = catalogue.get(plugin);
        return p == null || !p.active() ? Optional.empty() : serviceOf(p, type);
    }

    private <S> Optional<S> serviceOf(PluginDescriptor p, Class<S> type) {
        ConcurrentHashMap<Class<?>, Optional<Object>> byType = found.computeIfAbsent(p.bundleId(),
                id -> new ConcurrentHashMap<>());
        Optional<Object> known = byType.get(type);
        if (known == null) {
            known = lookup(p, type).map(Object.class::cast);
            byType.put(type, known);
        }
        return known.map(type::cast);
    }

    private <S> Optional<S> lookup(PluginDescriptor p, Class<S> type) {
        Collection<ServiceReference<S>> refs;
        try {
            refs = context.getServiceReferences(type, null);
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
        for (ServiceReference<S> ref : refs) {
            if (ref.getBundle() != null && ref.getBundle().getBundleId() == p.bundleId()) {
                S service = context.getService(ref);
                if (service != null) {
                    return Optional.of(service);
                }
            }
        }
        return Optional.empty();
    }

    // ---- limits ----

    @Override
    public long maximum(Tier tier, String limit) {
        requireKnown(limit);
        return plans.plan(tier).customerLimit();
    }

    private static void requireKnown(String limit) {
        if (!CUSTOMERS.equals(limit)) {
            throw new IllegalArgumentException("unknown limit " + limit);
        }
    }

    @Override
    public void reserve(TenantRef tenant, String limit) {
        Tier tier = entitlements.tierOf(tenant);
        long max = maximum(tier, limit);
        boolean reserved = db.inTenant(tenant, c -> {
            ensureUsageRow(c, tenant.id(), limit);
            // one atomic conditional increment: concurrent reservations serialise on the row
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_limit_usage SET used = used + 1 "
                    + "WHERE tenant_id = ? AND limit_name = ? AND (? = -1 OR used < ?)")) {
                s.setString(1, tenant.id());
                s.setString(2, limit);
                s.setLong(3, max);
                s.setLong(4, max);
                if (s.executeUpdate() != 1) {
                    return false;
                }
            }
            if (max > 0) {
                warnWhenCrossing(c, tenant, tier, limit, max);
            }
            return true;
        });
        if (!reserved) {
            throw new LimitExceededException(limit, max, tier, plans.lifting(tier));
        }
    }

    /**
     * After a reservation: the {@code LIMIT_WARNING} event when it brought the tenant to 80 % or to 100 % of the limit
     * (exactly then, so each is announced once on the way up; a unit given back and taken again announces it again).
     */
    private void warnWhenCrossing(Connection c, TenantRef tenant, Tier tier, String limit, long max)
            throws SQLException {
        DomainEvents announce = events;
        if (announce == null) {
            return;
        }
        long used;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT used FROM dotmac_limit_usage WHERE tenant_id = ? AND limit_name = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, limit);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                used = r.getLong(1);
            }
        }
        int percent = LimitWarnings.crossed(used, max);
        if (percent > 0) {
            announce.publish(tenant, LIMIT_WARNING, Map.of(LIMIT, limit, USED, used, MAXIMUM, max, PERCENT, percent,
                    TIER, tier.name()));
        }
    }

    private static void ensureUsageRow(Connection c, String tenantId, String limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT 1 FROM dotmac_limit_usage WHERE tenant_id = ? AND limit_name = ?")) {
            s.setString(1, tenantId);
            s.setString(2, limit);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO dotmac_limit_usage (tenant_id, limit_name, used) VALUES (?, ?, 0)")) {
            s.setString(1, tenantId);
            s.setString(2, limit);
            s.executeUpdate();
        }
    }

    @Override
    public void release(TenantRef tenant, String limit) {
        release(tenant, limit, 1);
    }

    /** {@link io.dotmac.platform.api.LimitService#release(TenantRef, String, long)}. */
    public void release(TenantRef tenant, String limit, long units) {
        requireKnown(limit);
        if (units < 0) {
            throw new IllegalArgumentException("units must not be negative: " + units);
        }
        db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_limit_usage SET used = CASE WHEN used > ? "
                    + "THEN used - ? ELSE 0 END WHERE tenant_id = ? AND limit_name = ?")) {
                s.setLong(1, units);
                s.setLong(2, units);
                s.setString(3, tenant.id());
                s.setString(4, limit);
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public long used(TenantRef tenant, String limit) {
        requireKnown(limit);
        return db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT used FROM dotmac_limit_usage WHERE tenant_id = ? AND limit_name = ?")) {
                s.setString(1, tenant.id());
                s.setString(2, limit);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }
}
