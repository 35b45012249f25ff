package io.dotmac.persistence.platform;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The nodes of this deployment: this one's identity, and every node's heartbeat.
 *
 * @since 1.2
 */
@ProviderType
public interface Cluster {

    /** This node's id: kept in {@code data/dotmac-node.id}, the same after a restart. */
    String nodeId();

    /** This node's name ({@code nodeName} in {@code io.dotmac.cluster.cfg}, else Karaf's {@code karaf.name}). */
    String nodeName();

    /** Every node that has run on this database, the live first, then by name. */
    List<Node> nodes();

    /**
     * Every lease ({@link io.dotmac.persistence.Leases}) by name, run out or not.
     *
     * @since 1.3
     */
    List<Lease> leases();

    /**
     * A lease.
     *
     * @param name   {@code <bundle>/<name>}
     * @param holder the node holding it (its id)
     * @param held   whether it has not run out
     */
    record Lease(String name, String holder, Instant acquiredAt, Instant expiresAt, boolean held) {
    }

    /**
     * A node.
     *
     * @param alive whether its heartbeat is younger than {@code nodeTimeoutSeconds}
     */
    record Node(String id, String name, String version, Instant startedAt, Instant heartbeatAt, boolean alive) {
    }
}
