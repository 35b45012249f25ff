package io.dotmac.licensing;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.PluginDescriptor;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.Tier;

/**
 * The plugin catalogue (live: it follows plugin bundles being installed and removed) and the tenants'
 * entitlements: the plugins their tier includes, minus those they switched off, plus add-ons. Every answer comes
 * from memory.
 */
@ProviderType
public interface Licensing {

    /** Every installed plugin, by id. */
    List<PluginDescriptor> catalogue();

    Optional<PluginDescriptor> plugin(String id);

    /** The plugin a bundle declares, if it declares one. */
    Optional<PluginDescriptor> pluginOf(long bundleId);

    /** The catalogue as {@code tenant} sees it. */
    List<TenantPlugin> plugins(TenantRef tenant);

    /**
     * Switches a plugin on or off for a tenant; activation follows.
     *
     * @throws io.dotmac.platform.api.NotFoundException          for a plugin not in the catalogue
     * @throws io.dotmac.platform.api.PluginNotLicensedException when switching on a plugin above the tenant's tier
     */
    TenantPlugin setEnabled(TenantRef tenant, String plugin, boolean enabled);

    /** Whether the tenant may use the plugin (entitled and switched on). */
    boolean allowed(TenantRef tenant, String plugin);

    /** The tiers on offer, in order, with their prices and customer limits. */
    List<TierOffer> tiers();

    /** The tenant's licence. */
    TenantLicense license(TenantRef tenant);

    /**
     * The instance licence: plugins above it are installed but inert (their services hidden from every other
     * bundle, their endpoints absent) and no tenant is entitled to them.
     */
    Tier instanceTier();

    /**
     * Changes the instance licence at runtime (and stores it in {@code etc/io.dotmac.licensing.cfg}); plugins that
     * cross it are restarted in the background, nothing else is.
     */
    void setInstanceTier(Tier tier);

    /**
     * What is wrong with an installed plugin, for its operator: its bundle not started, a component of it that failed
     * to activate (its reason), or its last failed or too slow activation of a tenant. Empty when nothing is.
     */
    Optional<String> problem(String plugin);
}
