package io.dotmac.platform.api;

import java.util.Objects;

/** The tenant is not entitled to the plugin that serves the request: HTTP 403. */
public class PluginNotLicensedException extends DotMacException {
    private static final long serialVersionUID = 1L;

    private final String plugin;
    private final Tier requiredTier;
    private final Tier currentTier;

    public PluginNotLicensedException(String plugin, Tier requiredTier, Tier currentTier) {
        super("Plugin '" + plugin + "' requires " + requiredTier + " tier or higher");
        this.plugin = Objects.requireNonNull(plugin, "plugin");
        this.requiredTier = Objects.requireNonNull(requiredTier, "requiredTier");
        this.currentTier = Objects.requireNonNull(currentTier, "currentTier");
    }

    public String plugin() {
        return plugin;
    }

    public Tier requiredTier() {
        return requiredTier;
    }

    public Tier currentTier() {
        return currentTier;
    }
}
