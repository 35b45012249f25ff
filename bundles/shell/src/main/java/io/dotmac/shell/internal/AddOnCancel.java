package io.dotmac.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.dotmac.licensing.AddOn;
import io.dotmac.licensing.AddOns;
import io.dotmac.tenant.TenantService;

@Command(scope = "dotmac", name = "addon-cancel", description = "Cancels a tenant's add-on: at the start of next month "
        + "(UTC), or at once with --now")
@Service
public class AddOnCancel implements Action {

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

    @Option(name = "--now", description = "End it now rather than at the end of the month")
    boolean now;

    @Override
    public Object execute() throws Exception {
        return Commands.run(() -> {
            AddOn a = addOns.cancel(tenants.get(tenant).ref(), plugin, now);
            System.out.println("Add-on " + a.plugin() + " of tenant " + tenant + (now ? " ended " : " ends ")
                    + a.endsAt());
            return null;
        });
    }
}
