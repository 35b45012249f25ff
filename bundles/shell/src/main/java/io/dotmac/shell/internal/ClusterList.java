package io.dotmac.shell.internal;

import java.time.Duration;
import java.time.Instant;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.dotmac.persistence.platform.Cluster;

@Command(scope = "dotmac", name = "cluster-list", description = "Lists the nodes on this database: the live ones "
        + "first, with their last heartbeat")
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
            return null;
        });
    }
}
