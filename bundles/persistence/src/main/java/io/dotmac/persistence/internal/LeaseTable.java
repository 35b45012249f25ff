package io.dotmac.persistence.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.dotmac.persistence.DataAccessException;
import io.dotmac.persistence.platform.Cluster;

/**
 * Leases on table {@code dotmac_lease}, for one holder (a node). Taking a lease is an update of a row that is free to
 * take (run out, or already the holder's), else an insert that the primary key refuses when another node got there
 * first: two nodes never both hold a name, on PostgreSQL (the row lock orders the updates) as on H2.
 */
final class LeaseTable {

    private final JdbcDatabase db;
    private final String holder;

    LeaseTable(JdbcDatabase db, String holder) {
        this.db = db;
        this.holder = holder;
    }

    String holder() {
        return holder;
    }

    /** Takes or renews {@code name} until {@code now + ttl}; whether this holder has it now. */
    boolean acquire(String name, Duration ttl, Instant now) {
        Timestamp at = Timestamp.from(now);
        Timestamp until = Timestamp.from(now.plus(ttl));
        boolean updated = db.inTransaction(c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE dotmac_lease SET acquired_at = CASE WHEN holder = ? "
                    + "THEN acquired_at ELSE ? END, holder = ?, expires_at = ? WHERE name = ? AND (holder = ? OR "
                    + "expires_at < ?)")) {
                u.setString(1, holder);
                u.setTimestamp(2, at);
                u.setString(3, holder);
                u.setTimestamp(4, until);
                u.setString(5, name);
                u.setString(6, holder);
                u.setTimestamp(7, at);
                return u.executeUpdate() == 1;
            }
        });
        if (updated) {
            return true;
        }
        try {
            return db.inTransaction(c -> {
                try (PreparedStatement i = c.prepareStatement("INSERT INTO dotmac_lease (name, holder, acquired_at, "
                        + "expires_at) SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM dotmac_lease "
                        + "WHERE name = ?)")) {
                    i.setString(1, name);
                    i.setString(2, holder);
                    i.setTimestamp(3, at);
                    i.setTimestamp(4, until);
                    i.setString(5, name);
                    return i.executeUpdate() == 1;
                }
            });
        } catch (DataAccessException e) {
            if (e.uniqueViolation()) {
                return false; // another node inserted it meanwhile
            }
            throw e;
        }
    }

    /** Renews every lease of this holder whose name starts with {@code prefix}; the names renewed. */
    List<String> renewAll(String prefix, Duration ttl, Instant now) {
        return db.inTransaction(c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE dotmac_lease SET expires_at = ? WHERE holder = ? "
                    + "AND name LIKE ?")) {
                u.setTimestamp(1, Timestamp.from(now.plus(ttl)));
                u.setString(2, holder);
                u.setString(3, like(prefix));
                u.executeUpdate();
            }
            List<String> names = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT name FROM dotmac_lease WHERE holder = ? "
                    + "AND name LIKE ?")) {
                s.setString(1, holder);
                s.setString(2, like(prefix));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
            }
            return names;
        });
    }

    /** The names starting with {@code prefix} that another holder has now (not run out). */
    List<String> heldByOthers(String prefix, Instant now) {
        return db.inTransaction(c -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT name FROM dotmac_lease WHERE holder <> ? "
                    + "AND name LIKE ? AND expires_at >= ?")) {
                s.setString(1, holder);
                s.setString(2, like(prefix));
                s.setTimestamp(3, Timestamp.from(now));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
            }
            return names;
        });
    }

    void release(String name) {
        db.inTransaction(c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM dotmac_lease WHERE name = ? AND holder = ?")) {
                d.setString(1, name);
                d.setString(2, holder);
                d.executeUpdate();
            }
            return null;
        });
    }

    /** Every lease, by name. */
    static List<Cluster.Lease> all(JdbcDatabase db, Instant now) {
        return db.inTransaction(c -> {
            List<Cluster.Lease> leases = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT name, holder, acquired_at, expires_at FROM "
                    + "dotmac_lease ORDER BY name"); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Instant until = rs.getTimestamp(4).toInstant();
                    leases.add(new Cluster.Lease(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                            until, !until.isBefore(now)));
                }
            }
            return leases;
        });
    }

    /** A LIKE pattern of names starting with {@code prefix} (our names have no {@code %}; {@code _} escaped). */
    private static String like(String prefix) {
        return prefix.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + "%";
    }
}
