package io.dotmac.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.dotmac.platform.api.Page;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantService;

/** Completes tenant slugs. */
@Service
public class TenantCompleter implements Completer {

    @Reference
    TenantService tenants;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter slugs = new StringsCompleter();
        String cursor = null;
        do {
            Page<Tenant> page = tenants.list(Page.MAX_LIMIT, cursor);
            page.items().forEach(t -> slugs.getStrings().add(t.slug()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return slugs.complete(session, commandLine, candidates);
    }
}
