package io.dotmac.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.dotmac.platform.api.Page;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantService;

@Command(scope = "dotmac", name = "tenant-list", description = "Lists the tenants")
@Service
public class TenantList implements Action {

    @Reference
    TenantService tenants;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Slug");
        table.column("Name");
        table.column("Tier");
        table.column("Status");
        table.column("Created");
        String cursor = null;
        do {
            Page<Tenant> page = tenants.list(Page.MAX_LIMIT, cursor);
            for (Tenant t : page.items()) {
                table.addRow().addContent(t.id(), t.slug(), t.name(), t.tier(), t.status(), t.createdAt());
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        table.print(System.out);
        return null;
    }
}
