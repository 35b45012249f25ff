package io.dotmac.escapeplugin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.platform.api.PluginEndpoint;

/**
 * {@code GET /api/v1/escape/report}: what the plugin could reach (privileged services by name, found or not) and the
 * tenants whose events it heard, and whether the {@code Database} it may use is more than that. The only legitimate
 * endpoint of the plugin.
 */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("escape")
public class ReportResource implements PluginEndpoint {

    static final List<String> PRIVILEGED = List.of("org.apache.karaf.features.FeaturesService",
            "org.osgi.service.component.runtime.ServiceComponentRuntime", "org.osgi.service.http.HttpService",
            "io.dotmac.licensing.Licensing", "io.dotmac.licensing.PluginInstaller",
            "io.dotmac.persistence.platform.SystemDatabase", "io.dotmac.persistence.internal.JdbcDatabase",
            "javax.sql.DataSource", "org.osgi.service.jdbc.DataSourceFactory",
            // what the core keeps from a plugin that is not ours: the tenants' administration (a tier change),
            // the users, the secrets' sealer
            "io.dotmac.tenant.TenantService", "io.dotmac.tenant.TenantAdminProvisioner", "io.dotmac.security.UserService",
            "io.dotmac.security.Secrets",
            // other bundles' internals, by their implementation classes
            "io.dotmac.licensing.internal.LicensingService", "io.dotmac.billing.automated.internal.BillingRuns");

    /** What any plugin may use: the published API's services. */
    static final List<String> PUBLISHED = List.of("io.dotmac.platform.api.TenantServices",
            "io.dotmac.customers.CustomerService", "org.osgi.service.event.EventAdmin");

    /**
     * The same kinds looked up by a filter alone (no type asked for). (An internal type registered beside a published
     * one, as BillingRuns beside BillingRunService, is found that way: through the published type only.)
     */
    static final List<String> BY_FILTER = List.of("io.dotmac.tenant.TenantService", "io.dotmac.security.Secrets",
            "io.dotmac.security.UserService");

    private final BundleContext context;
    private final EventRecorder events;

    @Activate
    public ReportResource(BundleContext context, @Reference EventRecorder events,
            @Reference FlakyActivation activation) {
        this.context = context;
        this.events = events;
        this.activation = activation;
    }

    private final FlakyActivation activation;

    @GET
    @Path("report")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> report() {
        Map<String, Object> found = new LinkedHashMap<>();
        for (String name : PRIVILEGED) {
            found.put(name, context.getServiceReference(name) != null);
        }
        for (String name : BY_FILTER) {
            try {
                ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(objectClass=" + name + ")");
                found.put("filter:" + name, refs != null && refs.length > 0);
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        Map<String, Object> published = new LinkedHashMap<>();
        for (String name : PUBLISHED) {
            published.put(name, context.getServiceReference(name) != null);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("privileged", found);
        out.put("published", published);
        out.put("database", database());
        out.put("posted", events.posted());
        out.put("inTransaction", events.inTransaction());
        out.put("activated", activation.activated);
        return out;
    }

    /** The interfaces of the {@code Database} object this plugin gets (looked up by name: no import needed). */
    private List<String> database() {
        ServiceReference<?> ref = context.getServiceReference("io.dotmac.persistence.Database");
        if (ref == null) {
            return List.of();
        }
        Object db = context.getService(ref);
        try {
            List<String> names = new ArrayList<>();
            for (Class<?> c = db.getClass(); c != null; c = c.getSuperclass()) {
                for (Class<?> i : c.getInterfaces()) {
                    names.add(i.getName());
                }
            }
            return names;
        } finally {
            context.ungetService(ref);
        }
    }
}
