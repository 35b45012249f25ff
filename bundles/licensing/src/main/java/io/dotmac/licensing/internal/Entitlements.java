package io.dotmac.licensing.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import io.dotmac.platform.api.PluginDescriptor;
import io.dotmac.platform.api.PluginDisabledException;
import io.dotmac.platform.api.PluginNotLicensedException;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.Tier;

/**
 * The entitlement rule, answered from memory in a few map lookups: a tenant may use a plugin when the plugin is
 * installed, the instance licence includes its tier, the tenant's tier includes it or the tenant bought it as an
 * add-on, and the tenant did not switch it off. Tenants without switches share one empty {@link Switches}.
 */
final class Entitlements {

    /** The outcome of a check, without allocating. */
    enum Decision {
        ALLOWED, NOT_INSTALLED, NOT_LICENSED, DISABLED
    }

    private final Function<String, PluginDescriptor> catalogue;
    private final Function<String, Tier> tenantTiers;
    private final Supplier<Tier> instanceTier;
    private final java.util.function.Predicate<PluginDescriptor> soldAlone;
    private final Map<String, Switches> switches = new ConcurrentHashMap<>();

    /**
     * @param catalogue   the installed plugin with an id, or null
     * @param tenantTiers the current tier of a tenant id, or null when the registry does not know it
     * @param instanceTier the instance licence
     */
    Entitlements(Function<String, PluginDescriptor> catalogue, Function<String, Tier> tenantTiers,
            Supplier<Tier> instanceTier) {
        this(catalogue, tenantTiers, instanceTier, p -> false);
    }

    /**
     * @param soldAlone the plugins a tenant has only as an add-on, never through its tier (the marketplace's: their
     *                  declared tier is then the lowest tier that may buy them)
     */
    Entitlements(Function<String, PluginDescriptor> catalogue, Function<String, Tier> tenantTiers,
            Supplier<Tier> instanceTier, java.util.function.Predicate<PluginDescriptor> soldAlone) {
        this.catalogue = catalogue;
        this.tenantTiers = tenantTiers;
        this.instanceTier = instanceTier;
        this.soldAlone = soldAlone;
    }

    Switches switches(String tenantId) {
        return switches.getOrDefault(tenantId, Switches.NONE);
    }

    /** Every tenant with switches or add-ons, by id (a live view). */
    Map<String, Switches> all() {
        return java.util.Collections.unmodifiableMap(switches);
    }

    void put(String tenantId, Switches s) {
        if (s.empty()) {
            switches.remove(tenantId);
        } else {
            switches.put(tenantId, s);
        }
    }

    /** The tenant's current tier: the registry's, which may be newer than the reference's. */
    Tier tierOf(TenantRef tenant) {
        Tier current = tenantTiers.apply(tenant.id());
        return current != null ? current : tenant.tier();
    }

    /** The tier that limits a tenant: its own, or the instance licence when that is lower. */
    Tier effective(Tier tenantTier) {
        Tier licence = instanceTier.get();
        return licence.compareTo(tenantTier) < 0 ? licence : tenantTier;
    }

    /**
     * Why {@code p} is refused to a tenant of {@code tenantTier}: the tenant's own tier, and the instance licence's
     * when that is what stands in the way (never the licence's tier passed off as the tenant's).
     */
    PluginNotLicensedException refusal(PluginDescriptor p, Tier tenantTier) {
        Tier licence = instanceTier.get();
        return new PluginNotLicensedException(p.id(), p.tier(), tenantTier, licence.includes(p.tier()) ? null : licence);
    }

    boolean entitled(Switches s, Tier tenantTier, PluginDescriptor p) {
        if (!instanceTier.get().includes(p.tier())) {
            return false;
        }
        boolean addOn = s.addOn(p.id(), java.time.Instant.now());
        return soldAlone.test(p) ? addOn && tenantTier.includes(p.tier()) : tenantTier.includes(p.tier()) || addOn;
    }

    Decision decide(TenantRef tenant, String plugin) {
        PluginDescriptor p = catalogue.apply(plugin);
        if (p == null) {
            return Decision.NOT_INSTALLED;
        }
        Switches s = switches(tenant.id());
        if (!entitled(s, tierOf(tenant), p)) {
            return Decision.NOT_LICENSED;
        }
        return s.disabled().contains(plugin) ? Decision.DISABLED : Decision.ALLOWED;
    }

    boolean allowed(TenantRef tenant, String plugin) {
        return decide(tenant, plugin) == Decision.ALLOWED;
    }

    /**
     * @throws PluginNotLicensedException when not entitled (or not installed: nobody is entitled to it)
     * @throws PluginDisabledException    when switched off
     */
    void check(TenantRef tenant, String plugin) {
        switch (decide(tenant, plugin)) {
        case ALLOWED -> {
        }
        case DISABLED -> throw new PluginDisabledException(plugin);
        case NOT_INSTALLED -> throw new io.dotmac.platform.api.NotFoundException(
                "No plugin '" + plugin + "' is installed");
        case NOT_LICENSED -> {
            PluginDescriptor p = catalogue.apply(plugin);
            Tier tier = tierOf(tenant);
            if (soldAlone.test(p) && tier.includes(p.tier()) && instanceTier.get().includes(p.tier())) {
                throw new io.dotmac.platform.api.AccessDeniedException("plugin-not-bought", "Plugin '" + plugin
                        + "' is sold in the marketplace: an isp_admin buys it there (POST /api/v1/marketplace/purchases)");
            }
            throw refusal(p, tier);
        }
        }
    }
}
