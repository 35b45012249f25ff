package io.dotmac.billing.basic.internal;

import java.util.Arrays;
import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
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

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.billing.basic.Invoice;
import io.dotmac.billing.basic.InvoiceService;
import io.dotmac.billing.basic.InvoiceStatus;
import io.dotmac.billing.basic.Payment;
import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.Csv;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.PluginEndpoint;
import io.dotmac.platform.api.Values;
import io.dotmac.rest.Callers;
import io.dotmac.rest.CsvExport;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** {@code /api/v1/invoices}: the current tenant's invoices and their payments. */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("invoices")
@Produces(MediaType.APPLICATION_JSON)
public class InvoicesResource implements PluginEndpoint {

    static final String PDF = "application/pdf";

    private final InvoiceService invoices;
    private final CreditNotes creditNotes;

    @Activate
    public InvoicesResource(@Reference InvoiceService invoices, @Reference CreditNotes creditNotes) {
        this.invoices = invoices;
        this.creditNotes = creditNotes;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Invoice.Input input, @Context SecurityContext security, @Context UriInfo uri) {
        Invoice created = invoices.create(Callers.tenant(security), input);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    /** The JSON answer of {@link #list}, for the API's description. */
    record InvoicePage(List<Invoice> items, String nextCursor) {
    }

    /** A page of invoices as JSON; or every invoice the filters select as CSV ({@link CsvExport}), without lines. */
    @GET
    @Produces({ MediaType.APPLICATION_JSON, CsvExport.CSV })
    @ApiResponse(responseCode = "200", description = "A page of invoices, or all of them as CSV (format=csv)",
            content = { @Content(mediaType = "application/json", schema = @Schema(implementation = InvoicePage.class)),
                @Content(mediaType = CsvExport.CSV, schema = @Schema(type = "string")) })
    public Response list(@QueryParam("customerId") String customerId, @QueryParam("status") String status,
            @QueryParam("number") String number, @QueryParam("q") String q, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor, @QueryParam("format") String format, @Context HttpHeaders headers,
            @Context SecurityContext security) {
        TenantRef tenant = Callers.tenant(security);
        InvoiceStatus wanted = Values.filter(InvoiceStatus.class, status, "status");
        if (!CsvExport.wanted(format, headers)) {
            return Response.ok(invoices.list(tenant, customerId, wanted, number, q, Page.limit(limit), cursor),
                    MediaType.APPLICATION_JSON_TYPE).build();
        }
        return CsvExport.of("invoices", List.of("id", "number", "customerId", "status", "currency", "subtotal", "tax",
                "total", "amountPaid", "amountCredited", "balance", "issueDate", "dueDate", "notes"),
                next -> invoices.list(tenant, customerId, wanted, number, q, Page.MAX_LIMIT, next),
                i -> Arrays.asList(i.id(), i.number(), i.customerId(), i.status().name(), i.currency(), i.subtotal(),
                        i.tax(), i.total(), i.amountPaid(), i.amountCredited(), i.balance(), string(i.issueDate()),
                        string(i.dueDate()),
                        Csv.text(i.notes())));
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    /**
     * The invoice as JSON, or as a PDF when the client prefers {@code application/pdf} ({@code Accept}); JSON when it
     * accepts anything.
     */
    @GET
    @Path("{id}")
    @Produces({ MediaType.APPLICATION_JSON, PDF })
    public Response get(@PathParam("id") String id, @Context HttpHeaders headers, @Context SecurityContext security) {
        if (!wantsPdf(headers.getAcceptableMediaTypes())) {
            return Response.ok(invoices.get(Callers.tenant(security), id), MediaType.APPLICATION_JSON_TYPE).build();
        }
        byte[] pdf = invoices.pdf(Callers.tenant(security), id);
        return Response.ok(pdf, PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"invoice-" + id + ".pdf\"").build();
    }

    /** Whether the first acceptable type (they come sorted by preference) that is JSON or PDF is PDF. */
    static boolean wantsPdf(List<MediaType> acceptable) {
        MediaType pdf = new MediaType("application", "pdf");
        for (MediaType type : acceptable) {
            if (type.isWildcardType() || type.isWildcardSubtype()
                    || type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (type.isCompatible(pdf)) {
                return true;
            }
        }
        return false;
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Invoice update(@PathParam("id") String id, Invoice.Input changes, @Context SecurityContext security) {
        return invoices.update(Callers.tenant(security), id, changes);
    }

    @POST
    @Path("{id}/issue")
    public Invoice issue(@PathParam("id") String id, @Context SecurityContext security) {
        return invoices.issue(Callers.tenant(security), id);
    }

    @POST
    @Path("{id}/void")
    public Invoice voidInvoice(@PathParam("id") String id, @Context SecurityContext security) {
        return invoices.voidInvoice(Callers.tenant(security), id);
    }

    @POST
    @Path("{id}/payments")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response pay(@PathParam("id") String id, Payment.Input payment, @Context SecurityContext security,
            @Context UriInfo uri) {
        Payment made = invoices.pay(Callers.tenant(security), id, payment);
        return Response.created(uri.getAbsolutePathBuilder().path(made.id()).build()).entity(made).build();
    }

    @GET
    @Path("{id}/payments")
    public List<Payment> payments(@PathParam("id") String id, @Context SecurityContext security) {
        return invoices.payments(Callers.tenant(security), id);
    }

    /** A credit note for the invoice (isp_admin): 201 with its {@code /api/v1/credit-notes/{id}}. */
    @POST
    @Path("{id}/credit-notes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public Response credit(@PathParam("id") String id, CreditNotes.CreditNote.Input input,
            @Context SecurityContext security, @Context UriInfo uri) {
        CreditNotes.CreditNote note = creditNotes.issue(Callers.tenant(security), id, input);
        return Response.created(uri.getBaseUriBuilder().path("v1/credit-notes").path(note.id()).build())
                .entity(note).build();
    }

    @GET
    @Path("{id}/credit-notes")
    public Page<CreditNotes.CreditNote> creditNotes(@PathParam("id") String id, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor, @Context SecurityContext security) {
        TenantRef tenant = Callers.tenant(security);
        invoices.get(tenant, id); // 404 for an invoice the tenant does not have
        return creditNotes.list(tenant, id, null, Page.limit(limit), cursor);
    }

    /** Gives back (part of) a payment without a credit note (isp_admin): the invoice is owed it again. */
    @POST
    @Path("{id}/payments/{paymentId}/refunds")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public Response refund(@PathParam("id") String id, @PathParam("paymentId") String paymentId,
            CreditNotes.Refund.Input input, @Context SecurityContext security) {
        return Response.status(Response.Status.CREATED)
                .entity(creditNotes.refund(Callers.tenant(security), id, paymentId, input)).build();
    }

    @GET
    @Path("{id}/refunds")
    public List<CreditNotes.Refund> refunds(@PathParam("id") String id, @Context SecurityContext security) {
        return creditNotes.refunds(Callers.tenant(security), id);
    }
}
