package io.dotmac.licensing.internal;

import java.util.Set;

/**
 * A tenant's deviations from its tier: plugins switched off and add-ons bought. Immutable; replaced on change.
 * Tenants without any share {@link #NONE}, so 10,000 plain tenants cost no memory here.
 */
record Switches(Set<String> disabled, Set<String> addons) {

    static final Switches NONE = new Switches(Set.of(), Set.of());

    Switches {
        disabled = Set.copyOf(disabled);
        addons = Set.copyOf(addons);
    }

    Switches withEnabled(String plugin, boolean enabled) {
        java.util.Set<String> d = new java.util.HashSet<>(disabled);
        if (enabled) {
            d.remove(plugin);
        } else {
            d.add(plugin);
        }
        return new Switches(d, addons);
    }

    Switches withAddon(String plugin) {
        java.util.Set<String> a = new java.util.HashSet<>(addons);
        a.add(plugin);
        return new Switches(disabled, a);
    }

    boolean empty() {
        return disabled.isEmpty() && addons.isEmpty();
    }
}
