package io.dotmac.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.dotmac.licensing.Licensing;
import io.dotmac.licensing.TenantPlugin;
import io.dotmac.tenant.TenantService;

@Command(scope = "dotmac", name = "plugin-disable", description = "Switches a plugin off for a tenant")
@Service
public class PluginDisable implements Action {

    @Reference
    Licensing licensing;

    @Reference
    TenantService tenants;

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant slug or id")
    @Completion(TenantCompleter.class)
    String tenant;

    @Argument(index = 1, name = "plugin", required = true, description = "Plugin id")
    @Completion(PluginCompleter.class)
    String plugin;

    @Override
    public Object execute() throws Exception {
        return Commands.run(() -> {
            TenantPlugin p = licensing.setEnabled(tenants.get(tenant).ref(), plugin, false);
            System.out.println("Plugin " + p.id() + " is " + (p.enabled() ? "enabled" : "disabled") + " for tenant "
                    + tenant + (p.active() ? " (active)" : " (inactive)"));
            return null;
        });
    }
}
