package io.dotmac.licensing.internal;

import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.licensing.Licensing;
import io.dotmac.licensing.TenantLicense;
import io.dotmac.licensing.TenantPlugin;
import io.dotmac.licensing.TierOffer;
import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.rest.Callers;
import io.dotmac.rest.core.ApiMember;

/**
 * The current tenant's plugins and licence: {@code GET /api/v1/tenant/plugins},
 * {@code PUT /api/v1/tenant/plugins/{id}} (isp_admin), {@code GET /api/v1/tenant/license} and
 * {@code GET /api/v1/tenant/tiers}.
 */
@Component(service = ApiMember.class, property = ApiMember.MEMBER_PROPERTY + "=" + ApiMember.TENANT_PLUGINS)
@Path("v1/tenant")
@Produces(MediaType.APPLICATION_JSON)
public class TenantPluginsResource implements ApiMember {

    /** {@code PUT} body. */
    public record Toggle(Boolean enabled) {
    }

    // optional: the application is served without the database, and this resource then answers 503
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Licensing licensing;

    private Licensing licensing() {
        return Available.licensing(licensing);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile io.dotmac.licensing.AddOns addOns;

    /** {@code GET /api/v1/tenant/addons}: the plugins the tenant has bought on their own, running or ending. */
    @GET
    @Path("addons")
    public List<io.dotmac.licensing.AddOn> addOns(@Context SecurityContext security) {
        return Available.licensing(addOns).addOns(Callers.tenant(security));
    }

    @GET
    @Path("plugins")
    public List<TenantPlugin> plugins(@Context SecurityContext security) {
        return licensing().plugins(Callers.tenant(security));
    }

    @PUT
    @Path("plugins/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public TenantPlugin toggle(@PathParam("id") String id, Toggle toggle, @Context SecurityContext security) {
        if (toggle == null || toggle.enabled() == null) {
            throw new ValidationException("enabled", "is required: true or false");
        }
        return licensing().setEnabled(Callers.tenant(security), id, toggle.enabled());
    }

    /** The tiers on offer: each one's monthly price and customer limit (the portal names what a plugin would cost). */
    @GET
    @Path("tiers")
    public List<TierOffer> tiers() {
        return licensing().tiers();
    }

    @GET
    @Path("license")
    public TenantLicense license(@Context SecurityContext security) {
        return licensing().license(Callers.tenant(security));
    }
}
