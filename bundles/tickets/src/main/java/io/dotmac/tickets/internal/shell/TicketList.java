package io.dotmac.tickets.internal.shell;

import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.dotmac.platform.api.Page;
import io.dotmac.tenant.TenantService;
import io.dotmac.tickets.Ticket;
import io.dotmac.tickets.TicketService;
import io.dotmac.tickets.TicketStatus;

@Command(scope = "dotmac", name = "ticket-list", description = "Lists a tenant's support tickets")
@Service
public class TicketList implements Action {

    @Reference
    TicketService tickets;

    @Reference
    TenantService tenants;

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant slug or id")
    String tenant;

    @Option(name = "--status", description = "OPEN, IN_PROGRESS, RESOLVED or CLOSED")
    String status;

    @Override
    public Object execute() {
        TicketStatus wanted = status == null ? null : TicketStatus.valueOf(status.toUpperCase(Locale.ROOT));
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Subject").maxSize(50);
        table.column("Customer");
        table.column("Priority");
        table.column("Status");
        table.column("Assignee");
        table.column("Comments").alignRight();
        table.column("Updated");
        String cursor = null;
        do {
            Page<Ticket> page = tickets.list(tenants.get(tenant).ref(), wanted, null, null, null, Page.MAX_LIMIT,
                    cursor);
            for (Ticket t : page.items()) {
                table.addRow().addContent(t.id(), t.subject(), t.customerId(), t.priority(), t.status(),
                        t.assigneeId() == null ? "-" : t.assigneeId(), t.commentCount(), t.updatedAt());
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        table.print(System.out);
        return null;
    }
}
