package io.dotmac.licensing.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.licensing.PluginRoutes;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.persistence.platform.Cluster;
import io.dotmac.persistence.platform.SystemDatabase;

/**
 * The plugin roots served across the nodes of a deployment: this node's are written to {@code dotmac_node_route}
 * every {@value #PUBLISH_SECONDS} s when they changed, and {@link #elsewhere} tells the dispatcher which plugin another
 * live node serves at a root this node lacks (read at most every {@value #PUBLISH_SECONDS} s).
 */
@Component(service = NodeRoutes.class, immediate = true)
public class NodeRoutes {

    static final int PUBLISH_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(NodeRoutes.class);

    private final SystemDatabase db;
    private final Cluster cluster;
    private final PluginRoutes routes;
    private final ScheduledExecutorService publisher;
    private volatile Map<String, String> published;
    private volatile Snapshot others = new Snapshot(Map.of(), 0);

    /** Other live nodes' roots (root to plugin), and when they were read (nanoTime). */
    private record Snapshot(Map<String, String> roots, long readAt) {
    }

    @Activate
    public NodeRoutes(@Reference SystemDatabase db,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=licensing)") MigratedSchema schema,
            @Reference Cluster cluster, @Reference PluginRoutes routes) {
        this.db = db;
        this.cluster = cluster;
        this.routes = routes;
        this.publisher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dotmac-node-routes");
            t.setDaemon(true);
            return t;
        });
        publisher.scheduleWithFixedDelay(this::publish, 0, PUBLISH_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        publisher.shutdownNow();
    }

    /** This node's serving roots, written when they changed since the last write. */
    void publish() {
        Map<String, String> now = new TreeMap<>();
        for (PluginRoutes.Route r : routes.routes()) {
            if (r.serving() && r.plugin() != null) {
                now.put(r.root(), r.plugin());
            }
        }
        if (now.equals(published)) {
            return;
        }
        try {
            String node = cluster.nodeId();
            db.inSystem(c -> {
                try (PreparedStatement d = c.prepareStatement("DELETE FROM dotmac_node_route WHERE node_id = ?")) {
                    d.setString(1, node);
                    d.executeUpdate();
                }
                try (PreparedStatement i = c.prepareStatement("INSERT INTO dotmac_node_route (node_id, root, plugin) "
                        + "VALUES (?, ?, ?)")) {
                    for (Map.Entry<String, String> e : now.entrySet()) {
                        i.setString(1, node);
                        i.setString(2, e.getKey());
                        i.setString(3, e.getValue());
                        i.addBatch();
                    }
                    i.executeBatch();
                }
                return null;
            });
            published = now;
        } catch (RuntimeException e) {
            LOG.debug("This node's plugin roots not written ({}); tried again", e.toString());
        }
    }

    /**
     * The plugin another live node serves at the longest root that starts {@code segments}, or {@code null} when no
     * other node does (or the database cannot say).
     */
    String elsewhere(List<String> segments) {
        Snapshot s = others;
        if (System.nanoTime() - s.readAt() > TimeUnit.SECONDS.toNanos(PUBLISH_SECONDS) || s.readAt() == 0) {
            s = read();
        }
        for (int depth = segments.size(); depth > 0; depth--) {
            String plugin = s.roots().get(String.join("/", segments.subList(0, depth)));
            if (plugin != null) {
                return plugin;
            }
        }
        return null;
    }

    private synchronized Snapshot read() {
        Snapshot s = others;
        if (s.readAt() != 0 && System.nanoTime() - s.readAt() <= TimeUnit.SECONDS.toNanos(PUBLISH_SECONDS)) {
            return s; // read by another request meanwhile
        }
        try {
            String self = cluster.nodeId();
            Set<String> alive = cluster.nodes().stream().filter(n -> n.alive() && !n.id().equals(self))
                    .map(Cluster.Node::id).collect(Collectors.toSet());
            Map<String, String> roots = new HashMap<>();
            if (!alive.isEmpty()) {
                db.inSystem(c -> {
                    try (PreparedStatement q = c.prepareStatement("SELECT node_id, root, plugin FROM "
                            + "dotmac_node_route"); ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            if (alive.contains(rs.getString(1))) {
                                roots.put(rs.getString(2), rs.getString(3));
                            }
                        }
                    }
                    return null;
                });
            }
            s = new Snapshot(Map.copyOf(roots), System.nanoTime());
        } catch (RuntimeException e) {
            LOG.debug("Other nodes' plugin roots not read ({})", e.toString());
            s = new Snapshot(Map.of(), System.nanoTime());
        }
        others = s;
        return s;
    }
}
