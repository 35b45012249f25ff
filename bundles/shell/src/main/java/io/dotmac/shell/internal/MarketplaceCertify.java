package io.dotmac.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.dotmac.marketplace.Marketplace;
import io.dotmac.marketplace.Marketplace.Listing;

@Command(scope = "dotmac", name = "marketplace-certify", description = "Certifies a marketplace plugin (tenants may "
        + "then buy it), or rejects it with --reject <reason>")
@Service
public class MarketplaceCertify implements Action {

    @Reference
    Marketplace marketplace;

    @Argument(index = 0, name = "plugin", required = true, description = "The plugin's id")
    String plugin;

    @Option(name = "--reject", description = "Reject it, telling the developer why")
    String reject;

    @Override
    public Object execute() throws Exception {
        return Commands.run(() -> {
            Listing l = reject == null ? marketplace.certify(plugin) : marketplace.reject(plugin, reject);
            System.out.println("Marketplace plugin " + l.plugin() + " is " + l.status()
                    + (l.statusReason() == null ? "" : ": " + l.statusReason()));
            return null;
        });
    }
}
