package io.dotmac.billing.automated.internal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.billing.automated.BillingCredit;
import io.dotmac.billing.automated.BillingRun;
import io.dotmac.billing.automated.BillingRunService;
import io.dotmac.billing.automated.BillingSettings;
import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.PluginEndpoint;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.rest.Callers;

/** {@code /api/v1/billing}: the current tenant's billing runs and billing settings. */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("billing")
@Produces(MediaType.APPLICATION_JSON)
public class BillingResource implements PluginEndpoint {

    /** What a client sends to start a run: the date to bill up to, {@code yyyy-MM-dd}, or nothing for today. */
    public record RunRequest(String date, Boolean confirmAhead) {
    }

    private final BillingRunService runs;

    @Activate
    public BillingResource(@Reference BillingRunService runs) {
        this.runs = runs;
    }

    @POST
    @Path("runs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public Response start(RunRequest request, @Context SecurityContext security, @Context UriInfo uri) {
        LocalDate date = null;
        if (request != null && request.date() != null) {
            try {
                date = LocalDate.parse(request.date());
            } catch (DateTimeParseException e) {
                throw new ValidationException("date", "must be a date as yyyy-MM-dd");
            }
        }
        BillingRun run = runs.start(Callers.tenant(security), date, request != null
                && Boolean.TRUE.equals(request.confirmAhead()));
        return Response.accepted(run).location(uri.getAbsolutePathBuilder().path(run.id()).build()).build();
    }

    @GET
    @Path("runs")
    public Page<BillingRun> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
            @Context SecurityContext security) {
        return runs.list(Callers.tenant(security), Page.limit(limit), cursor);
    }

    @GET
    @Path("runs/{id}")
    public BillingRun get(@PathParam("id") String id, @Context SecurityContext security) {
        return runs.get(Callers.tenant(security), id);
    }

    @GET
    @Path("settings")
    public BillingSettings settings(@Context SecurityContext security) {
        return runs.settings(Callers.tenant(security));
    }

    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public BillingSettings updateSettings(BillingSettings changes, @Context SecurityContext security) {
        return runs.updateSettings(Callers.tenant(security), changes);
    }

    /**
     * Credits for subscriptions' next invoices (SLA breaches...), newest first: {@code invoiceId} set once a run put
     * one on an invoice.
     */
    @GET
    @Path("credits")
    public java.util.List<BillingCredit> credits(@QueryParam("subscriptionId") String subscriptionId,
            @Context SecurityContext security) {
        return runs.credits(Callers.tenant(security), subscriptionId == null || subscriptionId.isBlank() ? null
                : subscriptionId.strip());
    }
}
