package io.dotmac.automation.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.dotmac.automation.Automation;
import io.dotmac.automation.Rule;
import io.dotmac.automation.RuleRun;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.tenant.TenantService;

@Command(scope = "dotmac", name = "rule-list", description = "Lists a tenant's automation rules with their last run")
@Service
public class RuleListCommand implements Action {

    @Reference
    Automation automation;

    @Reference
    TenantService tenants;

    @Reference
    TenantServices licences;

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant slug or id")
    String tenant;

    @Override
    public Object execute() throws Exception {
        TenantRef ref = tenants.get(tenant).ref();
        licences.check(ref, "advanced_automation");
        ShellTable table = new ShellTable();
        for (String column : new String[] { "Id", "Name", "Trigger", "Actions", "Enabled", "Last run" }) {
            table.column(column);
        }
        String cursor = null;
        int n = 0;
        do {
            Page<Rule> page = automation.list(ref, Page.MAX_LIMIT, cursor);
            for (Rule r : page.items()) {
                List<RuleRun> last = automation.runs(ref, r.id(), null, 1, null).items();
                String trigger = r.trigger().topic() != null ? r.trigger().topic()
                        : "cron " + r.trigger().cron() + " " + r.trigger().zone();
                table.addRow().addContent(r.id(), r.name(), trigger, String.join(", ",
                        r.actions().stream().map(Rule.Action::type).toList()), r.enabled(),
                        last.isEmpty() ? "-" : last.get(0).status() + " " + last.get(0).createdAt());
                n++;
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        table.print(System.out);
        System.out.println(n + " rule" + (n == 1 ? "" : "s") + " of " + ref.slug());
        return null;
    }
}
