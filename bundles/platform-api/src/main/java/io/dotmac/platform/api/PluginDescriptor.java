package io.dotmac.platform.api;

import java.util.Objects;

/**
 * A plugin as the catalogue knows it, read from the {@value DotMacPlugin#NAMESPACE} capability of its bundle.
 *
 * @param state the bundle's state: {@code INSTALLED}, {@code RESOLVED}, {@code STARTING}, {@code ACTIVE} or
 *              {@code STOPPING}
 */
public record PluginDescriptor(String id, String name, Tier tier, String version, long bundleId,
        String symbolicName, String state) {

    public PluginDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(version, "version");
    }

    /** Whether the plugin's bundle runs. */
    public boolean active() {
        return "ACTIVE".equals(state);
    }
}
