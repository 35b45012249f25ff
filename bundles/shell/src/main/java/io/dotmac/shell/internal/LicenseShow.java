package io.dotmac.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.dotmac.licensing.Licensing;
import io.dotmac.licensing.TierOffer;

@Command(scope = "dotmac", name = "license-show", description = "Shows the instance licence and the tiers")
@Service
public class LicenseShow implements Action {

    @Reference
    Licensing licensing;

    @Override
    public Object execute() {
        System.out.println("Instance licence: " + licensing.instanceTier());
        ShellTable table = new ShellTable();
        table.column("Tier");
        table.column("Monthly price");
        table.column("Customer limit");
        table.column("Within instance licence");
        for (TierOffer t : licensing.tiers()) {
            table.addRow().addContent(t.tier(), t.monthlyPrice() + " " + t.currency(),
                    t.customerLimit() == null ? "unlimited" : t.customerLimit(),
                    licensing.instanceTier().includes(t.tier()) ? "yes" : "no");
        }
        table.print(System.out);
        return null;
    }
}
