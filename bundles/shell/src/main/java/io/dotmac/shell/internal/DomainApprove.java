package io.dotmac.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.dotmac.tenant.TenantDomain;
import io.dotmac.tenant.TenantService;

@Command(scope = "dotmac", name = "domain-approve", description = "Approves a tenant's custom domain: requests to "
        + "it act for the tenant while it has white_label")
@Service
public class DomainApprove implements Action {

    @Reference
    TenantService tenants;

    @Argument(index = 0, name = "domain", required = true, description = "The domain, e.g. portal.acme-isp.example")
    String domain;

    @Override
    public Object execute() throws Exception {
        return Commands.run(() -> {
            TenantDomain d = tenants.approveDomain(domain);
            System.out.println("Domain " + d.domain() + " of tenant " + d.tenantSlug() + " is " + d.status());
            return null;
        });
    }
}
