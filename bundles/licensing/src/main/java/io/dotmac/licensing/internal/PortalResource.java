package io.dotmac.licensing.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.licensing.Licensing;
import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.Caller;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.platform.api.PluginDescriptor;
import io.dotmac.platform.api.PortalPage;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.rest.core.ApiMember;
import io.dotmac.rest.Callers;

/**
 * {@code GET /api/v1/portal/contributions}: the portal pages the caller's tenant may use now (layer 1, on the
 * server): each registered {@link PortalPage} whose plugin (its bundle's) the tenant is entitled to and has not
 * switched off. A platform operator, who acts for no tenant, gets none (the portal's operator views are its own).
 */
@Component(service = ApiMember.class, property = ApiMember.MEMBER_PROPERTY + "=" + ApiMember.PORTAL)
@Path("v1/portal")
@Produces(MediaType.APPLICATION_JSON)
@Access(Access.Level.AUTHENTICATED)
public class PortalResource implements ApiMember {

    private static final Logger LOG = LoggerFactory.getLogger(PortalResource.class);
    private static final Pattern ID = Pattern.compile("[a-z0-9-]{1,40}");
    private static final Pattern MODULE = Pattern.compile("portal/[A-Za-z0-9_./-]{1,200}\\.js");

    /** A page as the portal loads it: {@code module} is its URL. */
    public record Contribution(String id, String plugin, String label, String module, int order) {
    }

    /** A registered page and the bundle that registered it. */
    record Registered(long bundleId, String bundle, PortalPage page) {
    }

    private final Map<ServiceReference<PortalPage>, Registered> pages = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TenantServices licences;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Licensing licensing;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPage(ServiceReference<PortalPage> ref, PortalPage page) {
        Bundle bundle = ref.getBundle();
        if (bundle != null) {
            pages.put(ref, new Registered(bundle.getBundleId(), bundle.getSymbolicName(), page));
        }
    }

    void removePage(ServiceReference<PortalPage> ref) {
        pages.remove(ref);
    }

    /** The page as served, or {@code null} (logged once) when it names itself badly. */
    static Contribution contribution(String plugin, Registered r) {
        PortalPage page = r.page();
        String id = page.id();
        String module = page.module();
        if (id == null || !ID.matcher(id).matches() || module == null || !MODULE.matcher(module).matches()
                || module.contains("..") || page.label() == null || page.label().isBlank()) {
            LOG.debug("Portal page {} of bundle {} ignored: a page needs an id of [a-z0-9-], a label and a module "
                    + "under portal/ ending in .js", id, r.bundle());
            return null;
        }
        return new Contribution(id, plugin, page.label().strip(), "/portal/plugins/" + plugin + "/"
                + module.substring("portal/".length()), page.order());
    }

    @GET
    @Path("contributions")
    public List<Contribution> contributions(@Context SecurityContext security) {
        Caller caller = Callers.caller(security);
        TenantServices services = Available.licensing(licences);
        Licensing catalogue = Available.licensing(licensing);
        List<Contribution> out = new ArrayList<>();
        if (caller.tenant() == null) {
            return out;
        }
        for (Registered r : pages.values()) {
            String plugin = catalogue.pluginOf(r.bundleId()).map(PluginDescriptor::id).orElse(null);
            Contribution c = plugin == null ? null : contribution(plugin, r);
            if (c == null) {
                continue; // not a plugin's page, or a page that names itself badly
            }
            try {
                services.check(caller.tenant(), plugin);
                out.add(c);
            } catch (DotMacException notNow) {
                // not in the tenant's tier, switched off, or above the instance's licence
            }
        }
        out.sort(Comparator.comparingInt(Contribution::order).thenComparing(Contribution::label)
                .thenComparing(Contribution::id));
        return out;
    }

    /**
     * One page, for the portal to say why a URL is not the caller's to use: the page while the tenant may use its
     * plugin; 403 naming the plugin and why not (its tier, or switched off); 404 when no plugin contributes it.
     */
    @GET
    @Path("pages/{id}")
    public Contribution page(@javax.ws.rs.PathParam("id") String id, @Context SecurityContext security) {
        Caller caller = Callers.caller(security);
        TenantServices services = Available.licensing(licences);
        Licensing catalogue = Available.licensing(licensing);
        for (Registered r : pages.values()) {
            String plugin = catalogue.pluginOf(r.bundleId()).map(PluginDescriptor::id).orElse(null);
            Contribution c = plugin == null ? null : contribution(plugin, r);
            if (c != null && c.id().equals(id)) {
                if (caller.tenant() == null) {
                    throw new io.dotmac.platform.api.AccessDeniedException("tenant",
                            "Portal pages are a tenant's; a platform operator acts for none");
                }
                services.check(caller.tenant(), plugin);
                return c;
            }
        }
        throw new io.dotmac.platform.api.NotFoundException("No portal page '" + id + "'");
    }
}
