package io.dotmac.persistence.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import io.dotmac.persistence.Leases;
import io.dotmac.persistence.platform.Cluster;

/**
 * {@link Leases} for the bundle using it: its names are kept as {@code <symbolic name>/<name>}, held by this node.
 */
@Component(service = Leases.class, scope = ServiceScope.BUNDLE)
public class BundleLeases implements Leases {

    private final LeaseTable table;
    private final Cluster cluster;
    private final String prefix;
    private final Clock clock;

    @Activate
    public BundleLeases(@Reference JdbcDatabase db, @Reference Cluster cluster, ComponentContext context) {
        this(new LeaseTable(db, cluster.nodeId()), cluster, context.getUsingBundle().getSymbolicName(),
                Clock.systemUTC());
    }

    BundleLeases(LeaseTable table, Cluster cluster, String bundle, Clock clock) {
        this.table = table;
        this.cluster = cluster;
        this.prefix = bundle + "/";
        this.clock = clock;
    }

    @Override
    public boolean acquire(String name, Duration ttl) {
        return table.acquire(prefix + checked(name), positive(ttl), clock.instant());
    }

    @Override
    public void release(String name) {
        table.release(prefix + checked(name));
    }

    @Override
    public Set<Integer> share(String group, int parts, Duration ttl) {
        if (parts < 1 || parts > 10_000) {
            throw new IllegalArgumentException("parts must be 1..10000: " + parts);
        }
        positive(ttl);
        String start = prefix + checked(group) + ":";
        Instant now = clock.instant();
        Set<Integer> held = new TreeSet<>();
        for (String name : table.renewAll(start, ttl, now)) {
            Integer part = part(name, start, parts);
            if (part == null) {
                table.release(name); // a part of a time the group had more parts
            } else {
                held.add(part);
            }
        }
        long alive = cluster.nodes().stream().filter(n -> n.alive() || n.id().equals(cluster.nodeId())).count();
        int fair = (int) ((parts + Math.max(1, alive) - 1) / Math.max(1, alive));
        // beyond the share: give up the highest, so that a node that joined takes them
        while (held.size() > fair) {
            int last = ((TreeSet<Integer>) held).last();
            table.release(start + last);
            held.remove(last);
        }
        if (held.size() < fair) {
            Set<Integer> taken = new TreeSet<>();
            for (String name : table.heldByOthers(start, now)) {
                Integer part = part(name, start, parts);
                if (part != null) {
                    taken.add(part);
                }
            }
            for (int p = 0; p < parts && held.size() < fair; p++) {
                if (!held.contains(p) && !taken.contains(p) && table.acquire(start + p, ttl, now)) {
                    held.add(p);
                }
            }
        }
        return held;
    }

    private static Integer part(String name, String start, int parts) {
        try {
            int p = Integer.parseInt(name.substring(start.length()));
            return p >= 0 && p < parts ? p : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String checked(String name) {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9._:-]{1,200}")) {
            throw new IllegalArgumentException("a lease name is letters, digits and . _ : -, at most 200: " + name);
        }
        return name;
    }

    private static Duration positive(Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a lease lasts a positive time: " + ttl);
        }
        return ttl;
    }

    /** For the shell: every lease of every bundle. */
    static List<Cluster.Lease> all(JdbcDatabase db) {
        return LeaseTable.all(db, Instant.now());
    }
}
