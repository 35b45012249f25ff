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
     * A node.
     *
     * @param alive whether its heartbeat is younger than {@code nodeTimeoutSeconds}
     */
    record Node(String id, String name, String version, Instant startedAt, Instant heartbeatAt, boolean alive) {
    }
}
