package io.dotmac.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collections;

/**
 * How many rows of a bundle's own queue table (an outbox: a {@code status} column) wait in each status, across
 * tenants: one {@code GROUP BY} in {@link Database#acrossTenants}, for a gauge of the queue's depth.
 *
 * @since 4.1
 */
public final class QueueDepth {

    private QueueDepth() {
    }

    /**
     * The rows of {@code table} in each of {@code statuses}, in that order (0 for a status no row has).
     *
     * @param table one of the calling bundle's own tables, a constant of its code (never a client's value)
     */
    public static long[] count(Database db, String table, String... statuses) {
        String marks = String.join(", ", Collections.nCopies(statuses.length, "?"));
        return db.acrossTenants(c -> {
            long[] out = new long[statuses.length];
            try (PreparedStatement s = c.prepareStatement("SELECT status, COUNT(*) FROM " + table
                    + " WHERE status IN (" + marks + ") GROUP BY status")) {
                for (int i = 0; i < statuses.length; i++) {
                    s.setString(i + 1, statuses[i]);
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        for (int i = 0; i < statuses.length; i++) {
                            if (statuses[i].equals(r.getString(1))) {
                                out[i] = r.getLong(2);
                            }
                        }
                    }
                }
            }
            return out;
        });
    }
}
