package io.dotmac.integrations.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.dotmac.integrations.Webhook;
import io.dotmac.integrations.WebhookDelivery;
import io.dotmac.integrations.Webhooks;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.tenant.TenantService;

@Command(scope = "dotmac", name = "webhook-list", description = "Lists a tenant's webhooks with their queue")
@Service
public class WebhookListCommand implements Action {

    @Reference
    Webhooks webhooks;

    @Reference
    TenantService tenants;

    @Reference
    TenantServices licences;

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant slug or id")
    String tenant;

    @Override
    public Object execute() throws Exception {
        TenantRef ref = tenants.get(tenant).ref();
        licences.check(ref, "custom_integrations");
        ShellTable table = new ShellTable();
        for (String column : new String[] { "Id", "URL", "Topics", "Enabled", "Pending", "Failed", "Last" }) {
            table.column(column);
        }
        String cursor = null;
        int n = 0;
        do {
            Page<Webhook> page = webhooks.list(ref, Page.MAX_LIMIT, cursor);
            for (Webhook w : page.items()) {
                var recent = webhooks.deliveries(ref, w.id(), null, 100, null).items();
                long pending = recent.stream().filter(d -> d.status().equals("PENDING")
                        || d.status().equals("SENDING")).count();
                long failed = recent.stream().filter(d -> d.status().equals("FAILED")).count();
                WebhookDelivery last = recent.isEmpty() ? null : recent.get(0);
                table.addRow().addContent(w.id(), w.url(), String.join(", ", w.topics()), w.enabled(), pending, failed,
                        last == null ? "-" : last.topic() + " " + last.status());
                n++;
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        table.print(System.out);
        System.out.println(n + " webhook" + (n == 1 ? "" : "s") + " of " + ref.slug() + " (pending and failed among "
                + "the last 100 deliveries)");
        return null;
    }
}
