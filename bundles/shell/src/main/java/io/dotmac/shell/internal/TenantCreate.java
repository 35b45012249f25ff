package io.dotmac.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.dotmac.tenant.NewTenant;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantService;

@Command(scope = "dotmac", name = "tenant-create",
        description = "Creates a tenant and its first administrator (isp_admin)")
@Service
public class TenantCreate implements Action {

    @Reference
    TenantService tenants;

    @Argument(index = 0, name = "slug", required = true, description = "Slug: 3 to 40 of a-z, 0-9 and '-'")
    String slug;

    @Argument(index = 1, name = "name", required = true, description = "The ISP's name (quote it if it has spaces)")
    String name;

    @Option(name = "--tier", description = "FREE (default), BASIC, PREMIUM or ENTERPRISE")
    @Completion(TierCompleter.class)
    String tier = "FREE";

    @Option(name = "--currency", description = "ISO 4217 currency the tenant bills in (default: USD)")
    String currency;

    @Option(name = "--admin", description = "Username of the first administrator (default: admin)")
    String admin = "admin";

    @Option(name = "--email", required = true, description = "E-mail of the first administrator")
    String email;

    @Option(name = "--password", required = true, description = "Password of the first administrator "
            + "(at least 10 characters)")
    String password;

    @Override
    public Object execute() throws Exception {
        return Commands.run(() -> {
            Tenant t = tenants.create(new NewTenant(name, slug, tier, currency,
                    new NewTenant.NewAdmin(admin, email, password)));
            System.out.println("Created tenant " + t.slug() + " (" + t.id() + ") at tier " + t.tier()
                    + " with administrator " + admin);
            return null;
        });
    }
}
