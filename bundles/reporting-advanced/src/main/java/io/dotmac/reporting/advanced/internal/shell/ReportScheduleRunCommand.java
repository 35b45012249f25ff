package io.dotmac.reporting.advanced.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.reporting.advanced.ReportDelivery;
import io.dotmac.reporting.advanced.ReportSchedules;
import io.dotmac.tenant.TenantService;

@Command(scope = "dotmac", name = "report-schedule-run", description = "Runs a tenant's scheduled report now")
@Service
public class ReportScheduleRunCommand implements Action {

    @Reference
    ReportSchedules schedules;

    @Reference
    TenantService tenants;

    @Reference
    TenantServices licences;

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant slug or id")
    String tenant;

    @Argument(index = 1, name = "schedule", required = true, description = "The schedule's id")
    String schedule;

    @Override
    public Object execute() throws Exception {
        TenantRef ref = tenants.get(tenant).ref();
        licences.check(ref, "advanced_reporting");
        ReportDelivery d = schedules.runNow(ref, schedule);
        System.out.println(d.status() + ": " + d.detail() + (d.attachments() == null ? "" : " (" + d.attachments()
                + ")"));
        return null;
    }
}
