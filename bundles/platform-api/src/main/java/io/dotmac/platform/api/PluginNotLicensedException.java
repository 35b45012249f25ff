package io.dotmac.platform.api;

import java.util.Objects;

/**
 * The tenant is not entitled to the plugin that serves the request: HTTP 403. {@code currentTier} is the tenant's own
 * tier; {@code instanceTier} is set when the instance's licence is what refuses (it allows less than the plugin
 * needs, whatever the tenant's tier).
 */
public class PluginNotLicensedException extends DotMacException {
    private static final long serialVersionUID = 1L;

    private final String plugin;
    private final Tier requiredTier;
    private final Tier currentTier;
    private final Tier instanceTier;

    public PluginNotLicensedException(String plugin, Tier requiredTier, Tier currentTier) {
        this(plugin, requiredTier, currentTier, null);
    }

    /** {@code instanceTier}: the instance licence's tier when it is below {@code requiredTier}, else null. */
    public PluginNotLicensedException(String plugin, Tier requiredTier, Tier currentTier, Tier instanceTier) {
        super("Plugin '" + plugin + "' requires " + requiredTier + " tier or higher"
                + (instanceTier == null ? "" : "; this instance is licensed up to " + instanceTier));
        this.plugin = Objects.requireNonNull(plugin, "plugin");
        this.requiredTier = Objects.requireNonNull(requiredTier, "requiredTier");
        this.currentTier = Objects.requireNonNull(currentTier, "currentTier");
        this.instanceTier = instanceTier;
    }

    public String plugin() {
        return plugin;
    }

    public Tier requiredTier() {
        return requiredTier;
    }

    /** The tenant's own tier. */
    public Tier currentTier() {
        return currentTier;
    }

    /** The instance licence's tier when that is what refuses, else null. */
    public Tier instanceTier() {
        return instanceTier;
    }
}
