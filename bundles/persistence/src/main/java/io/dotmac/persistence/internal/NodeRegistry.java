package io.dotmac.persistence.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.persistence.platform.Cluster;

/**
 * {@link Cluster}: this node's row of {@code dotmac_node}, written at start and its heartbeat every
 * {@code heartbeatSeconds} (a failed beat is logged and tried at the next); its id kept in
 * {@code data/dotmac-node.id}.
 */
@Component(service = Cluster.class, immediate = true, configurationPid = "io.dotmac.cluster")
public class NodeRegistry implements Cluster {

    private static final Logger LOG = LoggerFactory.getLogger(NodeRegistry.class);

    private final JdbcDatabase db;
    private final String id;
    private final String name;
    private final Duration timeout;
    private final ScheduledExecutorService beats;

    @Activate
    public NodeRegistry(@Reference JdbcDatabase db, ClusterConfig config, BundleContext context) {
        this.db = db;
        this.id = nodeId(context.getProperty("karaf.data"));
        String configured = config.nodeName().strip();
        String karaf = context.getProperty("karaf.name");
        this.name = !configured.isEmpty() ? configured : karaf == null ? id : karaf;
        this.timeout = Duration.ofSeconds(Math.max(2, config.nodeTimeoutSeconds()));
        String version = String.valueOf(context.getBundle().getHeaders().get("DotMac-Version"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        db.inTransaction(c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE dotmac_node SET name = ?, version = ?, started_at = ?, "
                    + "heartbeat_at = ? WHERE id = ?")) {
                u.setString(1, name);
                u.setString(2, version);
                u.setTimestamp(3, Timestamp.from(now));
                u.setTimestamp(4, Timestamp.from(now));
                u.setString(5, id);
                if (u.executeUpdate() == 0) {
                    try (PreparedStatement i = c.prepareStatement("INSERT INTO dotmac_node (id, name, version, "
                            + "started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)")) {
                        i.setString(1, id);
                        i.setString(2, name);
                        i.setString(3, version);
                        i.setTimestamp(4, Timestamp.from(now));
                        i.setTimestamp(5, Timestamp.from(now));
                        i.executeUpdate();
                    }
                }
            }
            return null;
        });
        LOG.info("DotMac node {} ({})", name, id);
        this.beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dotmac-node-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, config.heartbeatSeconds());
        beats.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        beats.shutdownNow();
    }

    /** The id kept under {@code data/}, made the first time (a random one when there is no data directory). */
    static String nodeId(String dataDir) {
        if (dataDir == null) {
            return UUID.randomUUID().toString();
        }
        Path file = Path.of(dataDir, "dotmac-node.id");
        try {
            if (Files.exists(file)) {
                String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (kept.matches("[A-Za-z0-9-]{1,64}")) {
                    return kept;
                }
            }
            String made = UUID.randomUUID().toString();
            Files.createDirectories(file.getParent());
            Files.writeString(file, made + "\n", StandardCharsets.UTF_8);
            return made;
        } catch (IOException e) {
            LOG.warn("The node's id could not be kept in {} ({}): a new one each start", file, e.getMessage());
            return UUID.randomUUID().toString();
        }
    }

    private void beat() {
        try {
            db.inTransaction(c -> {
                try (PreparedStatement u = c.prepareStatement("UPDATE dotmac_node SET heartbeat_at = ? WHERE id = ?")) {
                    u.setTimestamp(1, Timestamp.from(Instant.now()));
                    u.setString(2, id);
                    u.executeUpdate();
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("Node {}: heartbeat not written ({}); tried again", name, e.getMessage());
        }
    }

    @Override
    public String nodeId() {
        return id;
    }

    @Override
    public String nodeName() {
        return name;
    }

    @Override
    public List<Lease> leases() {
        return BundleLeases.all(db);
    }

    @Override
    public List<Node> nodes() {
        Instant now = Instant.now();
        List<Node> out = db.inTransaction(c -> {
            List<Node> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, name, version, started_at, heartbeat_at FROM "
                    + "dotmac_node"); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Instant beat = rs.getTimestamp(5).toInstant();
                    rows.add(new Node(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4)
                            .toInstant(), beat, Duration.between(beat, now).compareTo(timeout) < 0));
                }
            }
            return rows;
        });
        out.sort(Comparator.comparing((Node n) -> !n.alive()).thenComparing(Node::name));
        return out;
    }
}
