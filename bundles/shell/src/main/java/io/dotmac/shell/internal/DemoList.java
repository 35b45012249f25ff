package io.dotmac.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.dotmac.management.Demo;
import io.dotmac.management.Demos;
import io.dotmac.platform.api.Page;

@Command(scope = "dotmac", name = "demo-list", description = "Lists the demo ISPs, newest first: tenant, company, "
        + "scenario, status, expiry, last activity, sample data")
@Service
public class DemoList implements Action {

    @Reference(optional = true)
    Demos demos;

    @Option(name = "--status", description = "ACTIVE or EXPIRED")
    String status;

    @Option(name = "--limit", description = "At most this many (1-200, default 50)")
    int limit = 50;

    @Override
    public Object execute() throws Exception {
        return Commands.run(() -> {
            if (demos == null) {
                throw new io.dotmac.platform.api.UnavailableException("The management platform is not installed "
                        + "(feature:install -r dotmac-management)");
            }
            ShellTable table = new ShellTable();
            for (String c : new String[] {"Demo", "Tenant", "Company", "Scenario", "Status", "Expires", "Extended",
                "Last activity", "Sample data"}) {
                table.column(c);
            }
            Page<Demo> page = demos.list(status, Page.limit(limit), null);
            for (Demo d : page.items()) {
                table.addRow().addContent(d.id(), d.tenant(), d.company(), d.scenario(), d.status(), d.expiresAt(),
                        d.extended() ? "yes" : "no", d.lastActivityAt() == null ? "never" : d.lastActivityAt(),
                        d.sampleData());
            }
            table.print(System.out);
            return null;
        });
    }
}
