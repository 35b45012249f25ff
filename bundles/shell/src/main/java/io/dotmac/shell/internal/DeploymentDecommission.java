package io.dotmac.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.dotmac.management.Deployment;
import io.dotmac.management.Deployments;

@Command(scope = "dotmac", name = "deployment-decommission", description = "Takes a READY ISP instance down: its "
        + "deployment's steps are compensated in reverse (a child instance stopped and destroyed, a shared tenant "
        + "suspended)")
@Service
public class DeploymentDecommission implements Action {

    // optional: see DeploymentShow
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
            Deployment d = deployments.decommission(id);
            System.out.println("Deployment " + d.id() + " (" + d.companyName() + ") is " + d.status()
                    + (d.status().equals("DECOMMISSIONED") ? "" : ": follow it with dotmac:deployment-show " + d.id()));
            return null;
        });
    }
}
