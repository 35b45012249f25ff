package io.dotmac.shell.internal;

import java.time.Duration;
import java.time.Instant;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.dotmac.persistence.platform.Cluster;

@Command(scope = "dotmac", name = "cluster-list", description = "Lists the nodes on this database (the live ones "
        + "first, with their last heartbeat), then the leases: which node holds which work")
@Service
public class ClusterList implements Action {

    @Reference
    Cluster cluster;

    @Override
    public Object execute() throws Exception {
        return Commands.run(() -> {
            ShellTable table = new ShellTable();
            table.column("Node");
            table.column("Id");
            table.column("Version");
            table.column("Started");
            table.column("Heartbeat");
            table.column("State");
            Instant now = Instant.now();
            for (Cluster.Node n : cluster.nodes()) {
                long ago = Duration.between(n.heartbeatAt(), now).toSeconds();
                table.addRow().addContent(n.name() + (n.id().equals(cluster.nodeId()) ? " (this node)" : ""), n.id(),
                        n.version(), n.startedAt(), ago + " s ago", n.alive() ? "ALIVE" : "GONE");
            }
            table.print(System.out);
            ShellTable leases = new ShellTable();
            leases.column("Lease");
            leases.column("Holder");
            leases.column("Since");
            leases.column("Until");
            leases.column("State");
            java.util.Map<String, String> names = new java.util.HashMap<>();
            cluster.nodes().forEach(n -> names.put(n.id(), n.name()));
            for (Cluster.Lease l : cluster.leases()) {
                leases.addRow().addContent(l.name(), names.getOrDefault(l.holder(), l.holder()), l.acquiredAt(),
                        l.expiresAt(), l.held() ? "HELD" : "RUN OUT");
            }
            System.out.println();
            leases.print(System.out);
            return null;
        });
    }
}
