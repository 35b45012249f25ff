package io.dotmac.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.dotmac.licensing.PluginRoutes;

@Command(scope = "dotmac", name = "endpoint-list",
        description = "Lists the plugin endpoints under /api/v1: root, plugin, bundle, and whether it is served")
@Service
public class EndpointList implements Action {

    @Reference
    PluginRoutes routes;

    @Override
    public Object execute() throws Exception {
        return Commands.run(() -> {
            ShellTable table = new ShellTable();
            table.column("Root");
            table.column("Plugin");
            table.column("Bundle");
            table.column("State");
            for (PluginRoutes.Route r : routes.routes()) {
                table.addRow().addContent("/api/v1/" + r.root(), r.plugin() == null ? "-" : r.plugin(), r.bundle(),
                        r.serving() ? "SERVED" : "REFUSED: " + r.refused());
            }
            table.print(System.out);
            return null;
        });
    }
}
