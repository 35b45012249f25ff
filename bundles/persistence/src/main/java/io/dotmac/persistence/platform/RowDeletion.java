package io.dotmac.persistence.platform;

import java.util.Map;

/**
 * What {@link SystemDatabase#deleteRows} did: the rows deleted and the rows of the set it kept, per table (lower-case
 * names, only tables with rows).
 *
 * @since 1.2
 */
public record RowDeletion(Map<String, Integer> deleted, Map<String, Integer> kept) {

    public RowDeletion {
        deleted = Map.copyOf(deleted);
        kept = Map.copyOf(kept);
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
