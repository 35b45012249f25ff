package io.dotmac.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.dotmac.marketplace.Marketplace;
import io.dotmac.marketplace.Marketplace.Version;

@Command(scope = "dotmac", name = "marketplace-revoke", description = "Revokes a marketplace plugin's version: no longer "
        + "installed anywhere (removed at once where it is, replaced by the newest available version)")
@Service
public class MarketplaceRevoke implements Action {

    @Reference
    Marketplace marketplace;

    @Argument(index = 0, name = "plugin", required = true, description = "The plugin's id")
    String plugin;

    @Argument(index = 1, name = "version", required = true, description = "The version")
    String version;

    @Argument(index = 2, name = "reason", required = true, description = "Why (its developer and the log read it)")
    String reason;

    @Override
    public Object execute() throws Exception {
        return Commands.run(() -> {
            Version v = marketplace.revoke(plugin, version, reason);
            System.out.println("Version " + v.version() + " of " + plugin + " is " + v.status() + ": "
                    + v.statusReason());
            return null;
        });
    }
}
