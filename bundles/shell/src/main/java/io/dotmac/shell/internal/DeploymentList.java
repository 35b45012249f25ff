package io.dotmac.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.dotmac.management.Deployment;
import io.dotmac.management.Deployments;
import io.dotmac.platform.api.Page;

@Command(scope = "dotmac", name = "deployment-list", description = "Lists the management platform's deployment jobs, "
        + "newest first: ISP, region, provider, status, step, progress")
@Service
public class DeploymentList implements Action {

    // optional: Karaf registers none of this bundle's commands while a mandatory reference of one is missing, and
    // the management platform is not installed everywhere
    @Reference(optional = true)
    Deployments deployments;

    @Option(name = "--status", description = "WAITING_CONFIRMATION, PENDING, RUNNING, COMPENSATING, READY or FAILED")
    String status;

    @Option(name = "--limit", description = "At most this many (1-200, default 50)")
    int limit = 50;

    @Override
    public Object execute() throws Exception {
        return Commands.run(() -> {
            if (deployments == null) {
                throw new io.dotmac.platform.api.UnavailableException("The management platform is not installed "
                        + "(feature:install -r dotmac-management)");
            }
            ShellTable table = new ShellTable();
            for (String c : new String[] {"Deployment", "ISP", "Region", "Provider", "Status", "Step", "Progress",
                "Created"}) {
                table.column(c);
            }
            Page<Deployment> page = deployments.list(status, Page.limit(limit), null);
            for (Deployment d : page.items()) {
                table.addRow().addContent(d.id(), d.companyName(), d.region(), d.provider(), d.status(),
                        d.currentStep() == null ? "" : d.currentStep(), d.progress() + " %", d.createdAt());
            }
            table.print(System.out);
            return null;
        });
    }
}
