package io.dotmac.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.dotmac.management.Deployment;
import io.dotmac.management.Deployments;

@Command(scope = "dotmac", name = "deployment-show", description = "Shows a deployment job: a progress bar, each "
        + "step with its attempts, times and log")
@Service
public class DeploymentShow implements Action {

    // optional: Karaf registers none of this bundle's commands while a mandatory reference of one is missing, and
    // the management platform is not installed everywhere
    @Reference(optional = true)
    Deployments deployments;

    @Argument(index = 0, name = "id", description = "The deployment's id", required = true)
    String id;

    @Override
    public Object execute() throws Exception {
        return Commands.run(() -> {
            if (deployments == null) {
                throw new io.dotmac.platform.api.UnavailableException("The management platform is not installed "
                        + "(feature:install -r dotmac-management)");
            }
            Deployment d = deployments.get(id);
            System.out.println(d.companyName() + " (" + d.ispId() + "), region " + d.region() + " (" + d.provider()
                    + ")");
            System.out.println(bar(d.progress()) + " " + d.progress() + " % " + d.status()
                    + (d.currentStep() == null ? "" : " at " + d.currentStep()));
            if (d.failureReason() != null) {
                System.out.println("Reason: " + d.failureReason());
            }
            if (d.endpoint() != null || d.tenant() != null) {
                System.out.println("Instance: " + (d.endpoint() == null ? "" : d.endpoint())
                        + (d.tenant() == null ? "" : ", tenant " + d.tenant()));
            }
            ShellTable table = new ShellTable();
            for (String c : new String[] {"Step", "Status", "Attempts", "Started", "Ended", "Last"}) {
                table.column(c);
            }
            for (Deployment.Step s : d.steps()) {
                table.addRow().addContent(s.step(), s.status(), s.attempts(),
                        s.startedAt() == null ? "" : s.startedAt(), s.endedAt() == null ? "" : s.endedAt(),
                        s.log().isEmpty() ? "" : s.log().get(s.log().size() - 1));
            }
            table.print(System.out);
            return null;
        });
    }

    /** {@code [#######.............]}: 20 characters for 100 %. */
    static String bar(int percent) {
        int filled = Math.max(0, Math.min(20, percent / 5));
        return "[" + "#".repeat(filled) + ".".repeat(20 - filled) + "]";
    }
}
