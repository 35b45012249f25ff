package io.dotmac.reporting.advanced.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.reporting.advanced.ReportSchedule;
import io.dotmac.reporting.advanced.ReportSchedules;
import io.dotmac.tenant.TenantService;

@Command(scope = "dotmac", name = "report-schedule-list", description = "Lists a tenant's scheduled reports")
@Service
public class ReportScheduleListCommand implements Action {

    @Reference
    ReportSchedules schedules;

    @Reference
    TenantService tenants;

    @Reference
    TenantServices licences;

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant slug or id")
    String tenant;

    @Override
    public Object execute() throws Exception {
        TenantRef ref = tenants.get(tenant).ref();
        licences.check(ref, "advanced_reporting");
        ShellTable table = new ShellTable();
        for (String column : new String[] { "Id", "Name", "Report", "Cron", "Time zone", "Recipients", "Next run",
            "Last" }) {
            table.column(column);
        }
        String cursor = null;
        int n = 0;
        do {
            Page<ReportSchedule> page = schedules.list(ref, Page.MAX_LIMIT, cursor);
            for (ReportSchedule s : page.items()) {
                table.addRow().addContent(s.id(), s.name(), s.report(), s.cron(), s.timeZone(),
                        String.join(", ", s.recipients()), s.nextRunAt() == null ? "disabled" : s.nextRunAt(),
                        s.last() == null ? "-" : s.last().status() + " " + s.last().createdAt());
                n++;
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        table.print(System.out);
        System.out.println(n + " scheduled report" + (n == 1 ? "" : "s") + " of " + ref.slug());
        return null;
    }
}
