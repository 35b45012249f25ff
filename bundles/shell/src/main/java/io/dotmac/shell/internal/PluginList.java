package io.dotmac.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.dotmac.licensing.Licensing;
import io.dotmac.licensing.TenantPlugin;
import io.dotmac.platform.api.PluginDescriptor;
import io.dotmac.tenant.TenantService;

@Command(scope = "dotmac", name = "plugin-list",
        description = "Lists the plugin catalogue, or with --tenant what that tenant may use")
@Service
public class PluginList implements Action {

    @Reference
    Licensing licensing;

    @Reference
    TenantService tenants;

    @Option(name = "--tenant", description = "Tenant slug or id")
    @Completion(TenantCompleter.class)
    String tenant;

    @Override
    public Object execute() throws Exception {
        return Commands.run(() -> {
            ShellTable table = new ShellTable();
            if (tenant == null) {
                table.column("Id");
                table.column("Name");
                table.column("Tier");
                table.column("Version");
                table.column("State");
                table.column("Instance licence");
                table.column("Problem");
                for (PluginDescriptor p : licensing.catalogue()) {
                    table.addRow().addContent(p.id(), p.name(), p.tier(), p.version(), p.state(),
                            licensing.instanceTier().includes(p.tier()) ? "included" : "above: inert",
                            licensing.problem(p.id()).orElse(""));
                }
            } else {
                table.column("Id");
                table.column("Name");
                table.column("Required tier");
                table.column("Entitled");
                table.column("Enabled");
                table.column("Active");
                for (TenantPlugin p : licensing.plugins(tenants.get(tenant).ref())) {
                    table.addRow().addContent(p.id(), p.name(), p.requiredTier(), p.entitled(), p.enabled(),
                            p.active());
                }
            }
            table.print(System.out);
            return null;
        });
    }
}
