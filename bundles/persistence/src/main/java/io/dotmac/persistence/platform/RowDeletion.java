package io.dotmac.persistence.platform;

import java.util.Map;

/**
 * What {@link SystemDatabase#deleteRows} did, per table (lower-case names, only tables with rows).
 *
 * @param deleted the rows deleted
 * @param kept    the rows of the set kept because other rows need them
 * @param state   the rows of the set kept as the tenant's state (their key names no entity of the set: a counter, a
 *                setting)
 * @since 1.2
 */
public record RowDeletion(Map<String, Integer> deleted, Map<String, Integer> kept, Map<String, Integer> state) {

    public RowDeletion {
        deleted = Map.copyOf(deleted);
        kept = Map.copyOf(kept);
        state = Map.copyOf(state);
    }

    /** Nothing deleted. */
    public static RowDeletion none() {
        return new RowDeletion(Map.of(), Map.of(), Map.of());
    }

    /** All rows deleted. */
    public int deletedCount() {
        return deleted.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** All rows kept. */
    public int keptCount() {
        return kept.values().stream().mapToInt(Integer::intValue).sum();
    }
}
