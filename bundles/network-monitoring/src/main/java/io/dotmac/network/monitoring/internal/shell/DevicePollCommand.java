package io.dotmac.network.monitoring.internal.shell;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.dotmac.network.monitoring.Device;
import io.dotmac.network.monitoring.DeviceStatus;
import io.dotmac.network.monitoring.InterfaceStatus;
import io.dotmac.network.monitoring.NetworkMonitoring;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.tenant.TenantService;

@Command(scope = "dotmac", name = "device-poll", description = "Polls a device now and prints what it found")
@Service
public class DevicePollCommand implements Action {

    @Reference
    NetworkMonitoring network;

    @Reference
    TenantService tenants;

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant slug or id")
    String tenant;

    @Argument(index = 1, name = "device", required = true, description = "Device id or name")
    String device;

    @Override
    public Object execute() throws Exception {
        TenantRef ref = tenants.get(tenant).ref();
        String id = resolve(ref, device);
        long started = System.nanoTime();
        DeviceStatus s = network.pollNow(ref, id);
        long ms = (System.nanoTime() - started) / 1_000_000;
        PrintStream out = System.out;
        out.println(s.name() + " (" + s.address() + "): " + s.status() + " after " + ms + " ms"
                + (s.reason() == null ? "" : ": " + s.reason()));
        if (s.sysName() != null) {
            out.println("  sysName " + s.sysName() + ", up " + (s.uptimeSeconds() == null ? "?" : s.uptimeSeconds()
                    + " s") + (s.sysDescr() == null ? "" : ", " + s.sysDescr()));
        }
        ShellTable table = new ShellTable();
        table.column("ifIndex");
        table.column("Name");
        table.column("Admin");
        table.column("Oper");
        table.column("Status");
        table.column("In");
        table.column("Out");
        table.column("Errors in/out");
        for (InterfaceStatus i : s.interfaces()) {
            table.addRow().addContent(i.ifIndex(), i.name() != null ? i.name() : i.descr(), i.adminStatus(),
                    i.operStatus(), i.status(), DeviceListCommand.bps(i.inBps()), DeviceListCommand.bps(i.outBps()),
                    (i.inErrors() == null ? "-" : i.inErrors()) + "/" + (i.outErrors() == null ? "-" : i.outErrors()));
        }
        table.print(out);
        return null;
    }

    /** The id of the tenant's device with this id, or else with this name (refused when two have it). */
    private String resolve(TenantRef ref, String idOrName) {
        try {
            return network.get(ref, idOrName).id();
        } catch (NotFoundException notAnId) {
            List<String> named = new ArrayList<>();
            String cursor = null;
            do {
                Page<Device> page = network.list(ref, null, null, 500, cursor);
                page.items().stream().filter(d -> d.name().equals(idOrName)).forEach(d -> named.add(d.id()));
                cursor = page.nextCursor();
            } while (cursor != null);
            if (named.isEmpty()) {
                throw new NotFoundException("No device " + idOrName + " (neither the id nor the name of one of the "
                        + "tenant's devices)");
            }
            if (named.size() > 1) {
                throw new IllegalArgumentException("Several devices are named '" + idOrName + "': " + String.join(
                        ", ", named) + "; give the id");
            }
            return named.get(0);
        }
    }
}
