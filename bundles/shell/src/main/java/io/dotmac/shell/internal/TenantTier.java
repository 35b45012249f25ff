package io.dotmac.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantService;

@Command(scope = "dotmac", name = "tenant-tier", description = "Changes a tenant's tier")
@Service
public class TenantTier implements Action {

    @Reference
    TenantService tenants;

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant slug or id")
    @Completion(TenantCompleter.class)
    String tenant;

    @Argument(index = 1, name = "tier", required = true, description = "FREE, BASIC, PREMIUM or ENTERPRISE")
    @Completion(TierCompleter.class)
    String tier;

    @Override
    public Object execute() throws Exception {
        return Commands.run(() -> {
            Tenant t = tenants.changeTier(tenants.get(tenant).id(), Commands.tier(tier));
            System.out.println("Tenant " + t.slug() + " is now at tier " + t.tier());
            return null;
        });
    }
}
