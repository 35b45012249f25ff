package io.dotmac.licensing;

import io.dotmac.platform.api.Tier;

/**
 * A plugin of the catalogue as one tenant sees it.
 *
 * @param entitled whether the tenant's tier (or an add-on) includes it
 * @param enabled  whether the tenant left it switched on
 * @param active   entitled, enabled and its bundle running: the tenant can use it now
 */
public record TenantPlugin(String id, String name, Tier requiredTier, boolean entitled, boolean enabled,
        boolean active) {
}
