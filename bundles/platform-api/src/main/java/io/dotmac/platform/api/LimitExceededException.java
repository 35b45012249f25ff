package io.dotmac.platform.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The operation would exceed a limit of the tenant's tier (for instance its customer limit): HTTP 403.
 * {@link #liftingTier()} is the lowest tier whose limit is higher, empty when no tier lifts it.
 */
public class LimitExceededException extends DotMacException {
    private static final long serialVersionUID = 1L;

    private final String limit;
    private final long value;
    private final Tier currentTier;
    private final Tier liftingTier;

    public LimitExceededException(String limit, long value, Tier currentTier, Tier liftingTier) {
        super("The " + currentTier + " tier allows at most " + value + " " + limit
                + (liftingTier == null ? "" : "; " + liftingTier + " lifts this limit"));
        this.limit = Objects.requireNonNull(limit, "limit");
        this.value = value;
        this.currentTier = Objects.requireNonNull(currentTier, "currentTier");
        this.liftingTier = liftingTier;
    }

    /** The limit's name, e.g. {@code customers}. */
    public String limit() {
        return limit;
    }

    /** The limit's value for the current tier. */
    public long value() {
        return value;
    }

    public Tier currentTier() {
        return currentTier;
    }

    public Optional<Tier> liftingTier() {
        return Optional.ofNullable(liftingTier);
    }
}
