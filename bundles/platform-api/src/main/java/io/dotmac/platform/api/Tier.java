package io.dotmac.platform.api;

import java.util.Locale;
import java.util.Optional;

/** Licence tiers, in ascending order: a tier includes everything of the tiers before it. */
public enum Tier {
    FREE, BASIC, PREMIUM, ENTERPRISE;

    /** Whether this tier includes everything {@code required} includes. */
    public boolean includes(Tier required) {
        return compareTo(required) >= 0;
    }

    /** Parses a tier name case-insensitively; empty for null, blank or unknown names. */
    public static Optional<Tier> parse(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
