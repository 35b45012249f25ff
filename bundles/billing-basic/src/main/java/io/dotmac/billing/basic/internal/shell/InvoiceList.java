package io.dotmac.billing.basic.internal.shell;

import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.dotmac.billing.basic.Invoice;
import io.dotmac.billing.basic.InvoiceService;
import io.dotmac.billing.basic.InvoiceStatus;
import io.dotmac.platform.api.Page;
import io.dotmac.tenant.TenantService;

@Command(scope = "dotmac", name = "invoice-list", description = "Lists a tenant's invoices")
@Service
public class InvoiceList implements Action {

    @Reference
    InvoiceService invoices;

    @Reference
    TenantService tenants;

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant slug or id")
    String tenant;

    @Option(name = "--status", description = "DRAFT, ISSUED, PAID or VOID")
    String status;

    @Override
    public Object execute() {
        InvoiceStatus wanted = status == null ? null : InvoiceStatus.valueOf(status.toUpperCase(Locale.ROOT));
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Number");
        table.column("Customer");
        table.column("Status");
        table.column("Total").alignRight();
        table.column("Balance").alignRight();
        table.column("Currency");
        table.column("Due");
        String cursor = null;
        do {
            Page<Invoice> page = invoices.list(tenants.get(tenant).ref(), null, wanted, Page.MAX_LIMIT, cursor);
            for (Invoice i : page.items()) {
                table.addRow().addContent(i.id(), i.number() == null ? "-" : i.number(), i.customerId(), i.status(),
                        i.total(), i.balance(), i.currency(), i.dueDate() == null ? "-" : i.dueDate());
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        table.print(System.out);
        return null;
    }
}
