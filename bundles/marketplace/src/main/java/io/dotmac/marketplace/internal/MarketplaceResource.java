package io.dotmac.marketplace.internal;

import java.io.InputStream;
import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.marketplace.Marketplace;
import io.dotmac.marketplace.Marketplace.Developer;
import io.dotmac.marketplace.Marketplace.Listing;
import io.dotmac.marketplace.Marketplace.Version;
import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.rest.Callers;
import io.dotmac.rest.CsvExport;
import io.dotmac.rest.core.ApiMember;

/**
 * {@code /api/v1/marketplace}: developers register (no token: the answer carries their API key, shown once) and, with
 * that key in {@code X-DotMac-Developer-Key}, submit listings and upload signed versions; the platform's operator
 * certifies or rejects; any signed-in user sees the certified catalogue.
 */
@Component(service = ApiMember.class, property = ApiMember.MEMBER_PROPERTY + "=" + ApiMember.MARKETPLACE)
@Path("v1/marketplace")
@Produces(MediaType.APPLICATION_JSON)
public class MarketplaceResource implements ApiMember {

    static final String DEVELOPER_KEY = "X-DotMac-Developer-Key";

    /** {@code POST /purchases} body. */
    public record PurchaseInput(String plugin) {
    }

    /** {@code POST .../reject} body. */
    public record Rejection(String reason) {
    }

    // optional: the API is served without the database; this answers 503 then
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Marketplace marketplace;

    private Marketplace marketplace() {
        Marketplace m = marketplace;
        if (m == null) {
            throw new UnavailableException("The marketplace is unavailable while the database is down; retry later");
        }
        return m;
    }

    @POST
    @Path("developers")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.OPTIONAL)
    public Response register(Marketplace.DeveloperInput input) {
        Developer d = marketplace().register(input);
        return Response.status(Response.Status.CREATED).entity(d).build();
    }

    @GET
    @Path("developer/plugins")
    @Access(Access.Level.OPTIONAL)
    public List<Listing> mine(@HeaderParam(DEVELOPER_KEY) String key) {
        return marketplace().mine(marketplace().developer(key));
    }

    @POST
    @Path("plugins")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.OPTIONAL)
    public Response submit(Marketplace.ListingInput input, @HeaderParam(DEVELOPER_KEY) String key,
            @Context UriInfo uri) {
        Listing l = marketplace().submit(marketplace().developer(key), input);
        return Response.created(uri.getAbsolutePathBuilder().path(l.plugin()).build()).entity(l).build();
    }

    /**
     * The signed bundle or KAR as the body ({@code application/java-archive}, {@code application/zip} or
     * {@code application/octet-stream}).
     */
    @POST
    @Path("plugins/{id}/versions")
    @Consumes({ "application/java-archive", "application/zip", MediaType.APPLICATION_OCTET_STREAM })
    @Access(Access.Level.OPTIONAL)
    public Response upload(@PathParam("id") String id, InputStream body, @HeaderParam(DEVELOPER_KEY) String key) {
        Version v = marketplace().upload(marketplace().developer(key), id, body);
        return Response.status(Response.Status.CREATED).entity(v).build();
    }

    @GET
    @Path("plugins")
    @Access(Access.Level.PLATFORM)
    public Page<Listing> listings(@QueryParam("status") String status, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return marketplace().listings(status, Page.limit(limit), cursor);
    }

    @GET
    @Path("plugins/{id}")
    @Access(Access.Level.PLATFORM)
    public Listing listing(@PathParam("id") String id) {
        return marketplace().listing(id);
    }

    @POST
    @Path("plugins/{id}/certify")
    @Access(Access.Level.PLATFORM)
    public Listing certify(@PathParam("id") String id) {
        return marketplace().certify(id);
    }

    @POST
    @Path("plugins/{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.PLATFORM)
    public Listing reject(@PathParam("id") String id, Rejection rejection) {
        return marketplace().reject(id, rejection == null ? null : rejection.reason());
    }

    /** The certified plugins on offer, with an available version: what a tenant may buy. */
    @GET
    @Path("listings")
    @Access(Access.Level.AUTHENTICATED)
    public Page<Listing> catalogue(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return marketplace().catalogue(Page.limit(limit), cursor);
    }

    /** Buys a certified plugin for the caller's tenant: effective at once, the month charged. */
    @POST
    @Path("purchases")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public Response buy(PurchaseInput input, @Context SecurityContext security) {
        if (input == null || input.plugin() == null || input.plugin().isBlank()) {
            throw new ValidationException("plugin", "is required: the id of a certified marketplace plugin");
        }
        return Response.status(Response.Status.CREATED)
                .entity(marketplace().buy(Callers.tenant(security), input.plugin().strip())).build();
    }

    @GET
    @Path("purchases")
    @Access(Access.Level.TENANT_READ)
    public List<Marketplace.Purchase> purchases(@Context SecurityContext security) {
        return marketplace().purchases(Callers.tenant(security));
    }

    /** Cancels a purchase: it runs to the end of the month. */
    @DELETE
    @Path("purchases/{plugin}")
    @Access(Access.Level.TENANT_ADMIN)
    public Marketplace.Purchase cancel(@PathParam("plugin") String plugin, @Context SecurityContext security) {
        return marketplace().cancel(Callers.tenant(security), plugin);
    }

    /** What each developer earned in {@code month} (YYYY-MM), per currency; {@code format=csv} for a spreadsheet. */
    @GET
    @Path("payouts")
    @Produces({ MediaType.APPLICATION_JSON, CsvExport.CSV })
    @Access(Access.Level.PLATFORM)
    public Response payouts(@QueryParam("month") String month, @QueryParam("format") String format,
            @Context HttpHeaders headers) {
        List<Marketplace.Payout> payouts = marketplace().payouts(month(month));
        if (!CsvExport.wanted(format, headers)) {
            return Response.ok(payouts, MediaType.APPLICATION_JSON_TYPE).build();
        }
        return CsvExport.of("payouts-" + month, List.of("developerId", "developer", "payoutDetails", "month",
                "currency", "charged", "developerShare", "platformShare", "charges"),
                cursor -> new Page<>(payouts, null), p -> List.of(p.developerId(), p.developer(), p.payoutDetails(),
                        p.month(), p.currency(), p.charged(), p.developerShare(), p.platformShare(),
                        String.valueOf(p.charges())));
    }

    /** The ledger of {@code month}: each bought plugin's month charged to a tenant, with its split. */
    @GET
    @Path("charges")
    @Access(Access.Level.PLATFORM)
    public List<Marketplace.Charge> charges(@QueryParam("month") String month) {
        return marketplace().charges(month(month));
    }

    /** Uninstalls the plugin's bundle from this instance once no tenant uses it (409 while one does). */
    @POST
    @Path("plugins/{id}/uninstall")
    @Access(Access.Level.PLATFORM)
    public java.util.Map<String, Object> uninstall(@PathParam("id") String id) {
        return java.util.Map.of("plugin", id, "uninstalled", marketplace().uninstall(id));
    }

    @POST
    @Path("plugins/{id}/versions/{version}/revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.PLATFORM)
    public Version revoke(@PathParam("id") String id, @PathParam("version") String version, Rejection reason) {
        return marketplace().revoke(id, version, reason == null ? null : reason.reason());
    }

    private static java.time.YearMonth month(String month) {
        if (month == null) {
            throw new ValidationException("month", "is required, as YYYY-MM");
        }
        try {
            return java.time.YearMonth.parse(month);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ValidationException("month", "must be a month as YYYY-MM");
        }
    }
}
