package io.dotmac.licensing;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.TenantRef;

/**
 * A tenant's add-ons: plugins it may use whatever its tier, bought or granted one by one. Effective at once in all
 * three licensing layers (requests, service calls, events) and in the plugin's activation; kept in the licensing
 * schema. The platform's core and marketplace use it; the plugin boundary hides it from plugins not installed from
 * the platform's repository.
 */
@ProviderType
public interface AddOns {

    /**
     * Adds {@code plugin} to the tenant's add-ons (a cancelled one runs on again).
     *
     * @param source {@code operator} or {@code marketplace}
     * @throws io.dotmac.platform.api.NotFoundException for a plugin not in the catalogue
     * @throws io.dotmac.platform.api.ConflictException for a plugin above the instance licence (no tenant of this
     *                                                  instance may use it)
     */
    AddOn grant(TenantRef tenant, String plugin, String source);

    /**
     * Cancels an add-on: at the start of the next month (UTC; the tenant keeps what it paid for) or now.
     *
     * @return the add-on with its end; when cancelled now, as it was when it ended
     * @throws io.dotmac.platform.api.NotFoundException when the tenant has no such add-on
     */
    AddOn cancel(TenantRef tenant, String plugin, boolean now);

    /** The tenant's add-ons, running or cancelled but not yet ended, by plugin. */
    List<AddOn> addOns(TenantRef tenant);

    /** Every tenant's add-on of {@code plugin} (not yet ended), by tenant. */
    List<AddOn> ofPlugin(String plugin);
}
