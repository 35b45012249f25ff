package io.dotmac.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.dotmac.marketplace.Marketplace;
import io.dotmac.marketplace.Marketplace.Listing;
import io.dotmac.platform.api.Page;

@Command(scope = "dotmac", name = "marketplace-list", description = "Lists the marketplace's plugins: developer, "
        + "price, tier floor, certification, versions")
@Service
public class MarketplaceList implements Action {

    @Reference
    Marketplace marketplace;

    @Option(name = "--status", description = "SUBMITTED, CERTIFIED or REJECTED")
    String status;

    @Override
    public Object execute() throws Exception {
        return Commands.run(() -> {
            ShellTable table = new ShellTable();
            for (String c : new String[] {"Plugin", "Name", "Developer", "Price", "Tier floor", "Status", "Versions"}) {
                table.column(c);
            }
            String cursor = null;
            do {
                Page<Listing> page = marketplace.listings(status, Page.MAX_LIMIT, cursor);
                for (Listing l : page.items()) {
                    table.addRow().addContent(l.plugin(), l.name(), l.developer(), l.monthlyPrice() + " "
                            + l.currency(), l.tierFloor(), l.status() + (l.statusReason() == null ? ""
                                    : " (" + l.statusReason() + ")"),
                            String.join(", ", l.versions().stream().map(v -> v.version()
                                    + (v.status().equals("AVAILABLE") ? "" : " " + v.status())).toList()));
                }
                cursor = page.nextCursor();
            } while (cursor != null);
            table.print(System.out);
            return null;
        });
    }
}
