package io.dotmac.platform.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Per-tenant activation of a plugin. A plugin registers one as a service with the property
 * {@value #PLUGIN_PROPERTY}{@code =<plugin id>}; the licensing bundle calls {@link #activate} when a tenant gains
 * the plugin (tier raised, switched on, plugin installed, tenant created) and {@link #deactivate} when it loses it.
 * Calls are recorded and reconciled at start-up, and may be repeated: both must be idempotent. Deactivation keeps
 * the tenant's data.
 */
@ConsumerType
public interface PluginActivation {

    /** The service property naming the plugin an activation belongs to. */
    String PLUGIN_PROPERTY = "io.dotmac.plugin";

    void activate(TenantRef tenant);

    void deactivate(TenantRef tenant);
}
