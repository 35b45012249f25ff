package io.dotmac.network.monitoring.internal.shell;


import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.dotmac.network.monitoring.Device;
import io.dotmac.network.monitoring.DeviceStatus;
import io.dotmac.network.monitoring.NetworkMonitoring;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.tenant.TenantService;

@Command(scope = "dotmac", name = "device-list", description = "Lists a tenant's monitored devices with their status")
@Service
public class DeviceListCommand implements Action {

    @Reference
    NetworkMonitoring network;

    @Reference
    TenantService tenants;

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant slug or id")
    String tenant;

    @Override
    public Object execute() throws Exception {
        TenantRef ref = tenants.get(tenant).ref();
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Name");
        table.column("Address");
        table.column("Version");
        table.column("Interval");
        table.column("Status");
        table.column("Interfaces");
        table.column("Last poll");
        table.column("Reason");
        String cursor = null;
        int n = 0;
        do {
            Page<Device> page = network.list(ref, null, null, Page.MAX_LIMIT, cursor);
            for (Device d : page.items()) {
                DeviceStatus s = network.status(ref, d.id());
                table.addRow().addContent(d.id(), d.name(), d.address() + ":" + d.port(), d.version(),
                        d.pollIntervalSeconds() + " s", s.status(), s.interfaces().size(),
                        s.lastPollAt() == null ? "-" : s.lastPollAt().toString(),
                        s.reason() == null ? "" : s.reason());
                n++;
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        table.print(System.out);
        System.out.println(n + " device" + (n == 1 ? "" : "s") + " of " + ref.slug());
        return null;
    }

    static String bps(Long bps) {
        if (bps == null) {
            return "-";
        }
        String[] units = {"bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s"};
        double v = bps;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return u == 0 ? bps + " bit/s" : String.format("%.1f %s", v, units[u]);
    }

}
