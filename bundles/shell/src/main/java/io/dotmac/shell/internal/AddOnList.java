package io.dotmac.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.dotmac.licensing.AddOn;
import io.dotmac.licensing.AddOns;
import io.dotmac.licensing.Licensing;
import io.dotmac.platform.api.PluginDescriptor;
import io.dotmac.tenant.TenantService;

@Command(scope = "dotmac", name = "addon-list", description = "Lists the add-ons of every plugin, or of one")
@Service
public class AddOnList implements Action {

    @Reference
    AddOns addOns;

    @Reference
    Licensing licensing;

    @Reference
    TenantService tenants;

    @Argument(index = 0, name = "plugin", required = false, description = "Plugin id")
    @Completion(PluginCompleter.class)
    String plugin;

    @Override
    public Object execute() throws Exception {
        return Commands.run(() -> {
            ShellTable table = new ShellTable();
            table.column("Tenant");
            table.column("Plugin");
            table.column("Since");
            table.column("Ends");
            table.column("Source");
            for (PluginDescriptor p : licensing.catalogue()) {
                if (plugin != null && !plugin.equals(p.id())) {
                    continue;
                }
                for (AddOn a : addOns.ofPlugin(p.id())) {
                    String slug = tenants.find(a.tenantId()).map(t -> t.slug()).orElse(a.tenantId());
                    table.addRow().addContent(slug, a.plugin(), a.since(), a.endsAt() == null ? "-" : a.endsAt(),
                            a.source());
                }
            }
            table.print(System.out);
            return null;
        });
    }
}
