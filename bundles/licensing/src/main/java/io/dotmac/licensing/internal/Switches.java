package io.dotmac.licensing.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.dotmac.licensing.AddOn;

/**
 * A tenant's deviations from its tier: plugins switched off and add-ons bought (by plugin). Immutable; replaced on
 * change. Tenants without any share {@link #NONE}, so 10,000 plain tenants cost no memory here.
 */
record Switches(Set<String> disabled, Map<String, AddOn> addons) {

    static final Switches NONE = new Switches(Set.of(), Map.of());

    Switches {
        disabled = Set.copyOf(disabled);
        addons = Map.copyOf(addons);
    }

    Switches withEnabled(String plugin, boolean enabled) {
        Set<String> d = new HashSet<>(disabled);
        if (enabled) {
            d.remove(plugin);
        } else {
            d.add(plugin);
        }
        return new Switches(d, addons);
    }

    Switches withAddon(AddOn addOn) {
        Map<String, AddOn> a = new HashMap<>(addons);
        a.put(addOn.plugin(), addOn);
        return new Switches(disabled, a);
    }

    Switches withoutAddon(String plugin) {
        Map<String, AddOn> a = new HashMap<>(addons);
        a.remove(plugin);
        return new Switches(disabled, a);
    }

    /** Whether the tenant has {@code plugin} as an add-on at {@code now} (bought and not yet ended). */
    boolean addOn(String plugin, Instant now) {
        AddOn a = addons.get(plugin);
        return a != null && (a.endsAt() == null || now.isBefore(a.endsAt()));
    }

    boolean empty() {
        return disabled.isEmpty() && addons.isEmpty();
    }
}
