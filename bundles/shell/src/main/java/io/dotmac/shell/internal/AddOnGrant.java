package io.dotmac.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.dotmac.licensing.AddOn;
import io.dotmac.licensing.AddOns;
import io.dotmac.tenant.TenantService;

@Command(scope = "dotmac", name = "addon-grant", description = "Grants a tenant a plugin as an add-on, whatever its "
        + "tier (effective at once)")
@Service
public class AddOnGrant implements Action {

    @Reference
    AddOns addOns;

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
            AddOn a = addOns.grant(tenants.get(tenant).ref(), plugin, "operator");
            System.out.println("Tenant " + tenant + " has add-on " + a.plugin() + " since " + a.since());
            return null;
        });
    }
}
