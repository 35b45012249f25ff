package io.dotmac.platform.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Licensing layer 2: the way code reaches a plugin's service on behalf of a tenant. It refuses a plugin the tenant
 * is not entitled to ({@link PluginNotLicensedException}) or switched off ({@link PluginDisabledException}), so,
 * for instance, automation cannot send e-mail for a FREE tenant. The plugin is the one declared by the bundle that
 * registered the service.
 */
@ProviderType
public interface TenantServices {

    /**
     * A service of type {@code type} registered by plugin {@code plugin}, for {@code tenant}.
     *
     * @return empty when the plugin is not installed or registers no such service
     * @throws PluginNotLicensedException when the tenant's tier (and add-ons) do not include the plugin
     * @throws PluginDisabledException    when the tenant switched the plugin off
     */
    <S> Optional<S> service(TenantRef tenant, String plugin, Class<S> type);

    /**
     * Checks that {@code tenant} may use {@code plugin} now.
     *
     * @throws PluginNotLicensedException when the tenant's tier (and add-ons) do not include the plugin
     * @throws PluginDisabledException    when the tenant switched the plugin off
     */
    void check(TenantRef tenant, String plugin);

    /**
     * A service of type {@code type} registered by plugin {@code plugin}, for the platform's own work that is not
     * yet for one tenant (finding which tenant an API key belongs to); what it then does for a tenant goes through
     * {@link #service} or {@link #check} again.
     *
     * @return empty when the plugin is not installed, not active on this instance, or registers no such service
     */
    <S> Optional<S> platformService(String plugin, Class<S> type);
}
