package io.dotmac.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.dotmac.tenant.TenantDomain;
import io.dotmac.tenant.TenantService;

@Command(scope = "dotmac", name = "domain-remove", description = "Refuses a tenant's pending custom domain, or takes "
        + "back an approved one")
@Service
public class DomainRemove implements Action {

    @Reference
    TenantService tenants;

    @Argument(index = 0, name = "domain", required = true, description = "The domain")
    String domain;

    @Override
    public Object execute() throws Exception {
        return Commands.run(() -> {
            TenantDomain d = tenants.rejectDomain(domain);
            System.out.println("Domain " + d.domain() + " of tenant " + d.tenantSlug() + " removed");
            return null;
        });
    }
}
