package io.dotmac.customers.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.dotmac.customers.Customer;
import io.dotmac.customers.CustomerService;
import io.dotmac.customers.CustomerStatus;
import io.dotmac.platform.api.Page;
import io.dotmac.tenant.TenantService;

@Command(scope = "dotmac", name = "customer-list", description = "Lists a tenant's customers")
@Service
public class CustomerList implements Action {

    @Reference
    CustomerService customers;

    @Reference
    TenantService tenants;

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant slug or id")
    String tenant;

    @Option(name = "--status", description = "ACTIVE, SUSPENDED or CLOSED")
    String status;

    @Override
    public Object execute() {
        CustomerStatus wanted = status == null ? null : CustomerStatus.valueOf(status.toUpperCase(java.util.Locale.ROOT));
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Name");
        table.column("E-mail");
        table.column("Status");
        table.column("Created");
        String cursor = null;
        do {
            Page<Customer> page = customers.list(tenants.get(tenant).ref(), wanted, null, Page.MAX_LIMIT, cursor);
            for (Customer c : page.items()) {
                table.addRow().addContent(c.id(), c.name(), c.email(), c.status(), c.createdAt());
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        table.print(System.out);
        return null;
    }
}
