package io.dotmac.billing.basic.internal;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.PluginEndpoint;
import io.dotmac.rest.Callers;

/** {@code /api/v1/credit-notes}: the current tenant's credit notes (issued through their invoices). */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("credit-notes")
@Produces(MediaType.APPLICATION_JSON)
public class CreditNotesResource implements PluginEndpoint {

    private final CreditNotes creditNotes;

    @Activate
    public CreditNotesResource(@Reference CreditNotes creditNotes) {
        this.creditNotes = creditNotes;
    }

    @GET
    public Page<CreditNotes.CreditNote> list(@QueryParam("invoiceId") String invoiceId,
            @QueryParam("customerId") String customerId, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor, @Context SecurityContext security) {
        return creditNotes.list(Callers.tenant(security), invoiceId, customerId, Page.limit(limit), cursor);
    }

    /** The credit note as JSON, or as a PDF when the client prefers {@code application/pdf} (as for invoices). */
    @GET
    @Path("{id}")
    @Produces({ MediaType.APPLICATION_JSON, InvoicesResource.PDF })
    public Response get(@PathParam("id") String id, @Context HttpHeaders headers,
            @Context SecurityContext security) {
        if (!InvoicesResource.wantsPdf(headers.getAcceptableMediaTypes())) {
            return Response.ok(creditNotes.get(Callers.tenant(security), id), MediaType.APPLICATION_JSON_TYPE)
                    .build();
        }
        return Response.ok(creditNotes.pdf(Callers.tenant(security), id), InvoicesResource.PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"credit-note-" + id + ".pdf\"").build();
    }
}
