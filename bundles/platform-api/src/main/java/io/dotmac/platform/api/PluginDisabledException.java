package io.dotmac.platform.api;

import java.util.Objects;

/** The tenant's tier includes the plugin but the tenant switched it off: HTTP 403. */
public class PluginDisabledException extends DotMacException {
    private static final long serialVersionUID = 1L;

    private final String plugin;

    public PluginDisabledException(String plugin) {
        super("Plugin '" + Objects.requireNonNull(plugin, "plugin") + "' is disabled for this tenant");
        this.plugin = plugin;
    }

    public String plugin() {
        return plugin;
    }
}
