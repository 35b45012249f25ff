package io.dotmac.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantService;

@Command(scope = "dotmac", name = "tenant-suspend", description = "Suspends a tenant: its requests get 403, its data stays")
@Service
public class TenantSuspend implements Action {

    @Reference
    TenantService tenants;

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant slug or id")
    @Completion(TenantCompleter.class)
    String tenant;

    @Override
    public Object execute() throws Exception {
        return Commands.run(() -> {
            Tenant t = tenants.suspend(tenant);
            System.out.println("Tenant " + t.slug() + " is " + t.status());
            return null;
        });
    }
}
