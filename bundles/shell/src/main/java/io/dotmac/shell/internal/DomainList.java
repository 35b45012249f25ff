package io.dotmac.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.dotmac.tenant.TenantDomain;
import io.dotmac.tenant.TenantService;

@Command(scope = "dotmac", name = "domain-list", description = "Lists the custom domains tenants asked for "
        + "(white_label), pending first")
@Service
public class DomainList implements Action {

    @Reference
    TenantService tenants;

    @Option(name = "--pending", description = "Only the domains waiting for approval")
    boolean pending;

    @Override
    public Object execute() throws Exception {
        return Commands.run(() -> {
            ShellTable table = new ShellTable();
            table.column("Domain");
            table.column("Tenant");
            table.column("Status");
            table.column("Requested");
            table.column("Approved");
            for (TenantDomain d : tenants.domains(pending ? TenantDomain.Status.PENDING : null)) {
                table.addRow().addContent(d.domain(), d.tenantSlug(), d.status(), d.requestedAt(),
                        d.approvedAt() == null ? "" : d.approvedAt());
            }
            table.print(System.out);
            return null;
        });
    }
}
