package io.dotmac.tenant.internal;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.Tier;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.rest.core.ApiMember;
import io.dotmac.tenant.NewTenant;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantDomain;
import io.dotmac.tenant.TenantService;

/** {@code /api/v1/tenants}: platform operators manage tenants. */
@Component(service = ApiMember.class, property = ApiMember.MEMBER_PROPERTY + "=" + ApiMember.TENANTS)
@Path("v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(Access.Level.PLATFORM)
public class TenantsResource implements ApiMember {

    /** {@code PATCH} body: the fields that may change. */
    public record TenantPatch(String name, String currency) {
    }

    /** {@code PUT .../tier} body. */
    public record TierChange(String tier) {
    }

    // optional: the application is served without the database, and this resource then answers 503
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TenantService tenants;

    private TenantService tenants() {
        TenantService current = tenants;
        if (current == null) {
            throw new UnavailableException("Tenants are unavailable while the database is down; retry later");
        }
        return current;
    }

    @POST
    public Response create(NewTenant request, @Context UriInfo uri) {
        Tenant created = tenants().create(request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    @GET
    public Page<Tenant> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return tenants().list(Page.limit(limit), cursor);
    }

    @GET
    @Path("{id}")
    public Tenant get(@PathParam("id") String id) {
        return tenants().get(id);
    }

    @PATCH
    @Path("{id}")
    public Tenant patch(@PathParam("id") String id, TenantPatch patch) {
        Tenant current = tenants().get(id);
        if (patch == null) {
            return current;
        }
        if (patch.currency() != null) {
            current = tenants().changeCurrency(current.id(), patch.currency());
        }
        if (patch.name() != null) {
            current = tenants().rename(current.id(), patch.name());
        }
        return current;
    }

    @PUT
    @Path("{id}/tier")
    public Tenant tier(@PathParam("id") String id, TierChange change) {
        Tenant current = tenants().get(id);
        Tier tier = Tier.parse(change == null ? null : change.tier()).orElseThrow(
                () -> new ValidationException("tier", "must be one of FREE, BASIC, PREMIUM, ENTERPRISE"));
        return tenants().changeTier(current.id(), tier);
    }

    @POST
    @Path("{id}/suspend")
    public Tenant suspend(@PathParam("id") String id) {
        return tenants().suspend(id);
    }

    @POST
    @Path("{id}/resume")
    public Tenant resume(@PathParam("id") String id) {
        return tenants().resume(id);
    }

    /**
     * Deletes a suspended tenant and every row it owns (its plugins deactivate it first): 200 with the rows deleted
     * per table. An active tenant → 409: suspend it first.
     */
    @DELETE
    @Path("{id}")
    public java.util.Map<String, Object> delete(@PathParam("id") String id) {
        Tenant t = tenants().get(id);
        if (t.status() != io.dotmac.tenant.TenantStatus.SUSPENDED) {
            throw new io.dotmac.platform.api.ConflictException("Tenant '" + t.slug() + "' is " + t.status()
                    + ": suspend it first (POST /api/v1/tenants/" + t.id() + "/suspend)");
        }
        java.util.Map<String, Integer> rows = tenants().delete(t.id());
        return java.util.Map.of("id", t.id(), "slug", t.slug(), "rows", rows);
    }

    /**
     * Custom domains tenants asked for (white_label), pending first; {@code ?status=PENDING|APPROVED} filters.
     */
    @GET
    @Path("domains")
    public java.util.List<TenantDomain> domains(@QueryParam("status") String status) {
        TenantDomain.Status wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = TenantDomain.Status.valueOf(status.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ValidationException("status", "must be PENDING or APPROVED");
            }
        }
        return tenants().domains(wanted);
    }

    /** Approves a custom domain: a request to it acts for its tenant (while the tenant has white_label). */
    @POST
    @Path("domains/{domain}/approve")
    public TenantDomain approveDomain(@PathParam("domain") String domain) {
        return tenants().approveDomain(domain);
    }

    /** Refuses a pending custom domain, or takes back an approved one. */
    @DELETE
    @Path("domains/{domain}")
    public TenantDomain rejectDomain(@PathParam("domain") String domain) {
        return tenants().rejectDomain(domain);
    }
}
