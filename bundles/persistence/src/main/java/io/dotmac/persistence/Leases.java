package io.dotmac.persistence;

import java.time.Duration;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Work claimed once when several nodes share one database: a lease is a named row held by one node until it runs
 * out, so what must happen once (a billing run, a scheduled job, a device's polls) is done by whichever node holds
 * it, and by another once the holder stops renewing it (stopped, killed or cut off).
 *
 * <p>Each bundle gets its own service object: the names it uses are its own (kept as {@code <bundle>/<name>}), so
 * no other bundle can take or release them. The holder is this node ({@code data/dotmac-node.id}, the same after a
 * restart: a node started again takes back at once what it held). Time is the nodes' clocks, which must agree to
 * well within the shortest lease.
 *
 * @since 4.3
 */
@ProviderType
public interface Leases {

    /**
     * Takes lease {@code name} for {@code ttl} when no node holds it, its holder let it run out, or this node holds
     * it (then renewing it). A holder renews before the lease runs out, typically every third of it.
     *
     * @param name letters, digits and {@code . _ : -}, at most 200 characters
     * @return whether this node holds it now
     */
    boolean acquire(String name, Duration ttl);

    /** Gives the lease up at once, if this node holds it. */
    void release(String name);

    /**
     * A fair share of work split into {@code parts} numbered parts ({@code 0..parts-1}), taken as leases named
     * {@code <group>:<part>}: each call renews what this node holds, takes free or run-out parts while it holds fewer
     * than its share ({@code parts} over the live nodes, rounded up) and gives up what it holds beyond its share, so
     * a node joining takes parts from the others and the parts of a node that stops are taken within {@code ttl} of
     * its last renewal. Called every third of {@code ttl} or more often.
     *
     * @return the parts this node holds now
     */
    Set<Integer> share(String group, int parts, Duration ttl);
}
