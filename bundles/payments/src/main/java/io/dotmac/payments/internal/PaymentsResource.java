package io.dotmac.payments.internal;

import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
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

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.platform.api.Access;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.PluginEndpoint;
import io.dotmac.rest.Callers;

/**
 * {@code /api/v1/payments}: the current tenant's gateway settings, its invoices' pay links, the payments and refunds
 * taken through the gateway, customers' autopay and its attempts, and the reconciliation of the gateway's payouts.
 * Any role reads; {@code isp_admin} changes settings, refunds and runs autopay; staff may turn a customer's autopay
 * on or off.
 */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("payments")
@Produces(MediaType.APPLICATION_JSON)
public class PaymentsResource implements PluginEndpoint {

    private final OnlinePayments payments;
    private final Autopay autopay;

    @Activate
    public PaymentsResource(@Reference OnlinePayments payments, @Reference Autopay autopay) {
        this.payments = payments;
        this.autopay = autopay;
    }

    @GET
    @Path("settings")
    public PaymentSettings settings(@Context SecurityContext security) {
        return payments.settings(Callers.tenant(security));
    }

    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public PaymentSettings changeSettings(PaymentSettings.Input input, @Context SecurityContext security) {
        return payments.changeSettings(Callers.tenant(security), input);
    }

    /** The invoice's pay link (made on first asking). */
    @GET
    @Path("invoices/{invoiceId}/link")
    public PayLinkView link(@PathParam("invoiceId") String invoiceId, @Context SecurityContext security) {
        return payments.link(Callers.tenant(security), invoiceId);
    }

    /** Payments and refunds taken through the gateway, oldest first; {@code invoiceId}/{@code customerId} filter. */
    @GET
    public Page<OnlinePayment> list(@QueryParam("invoiceId") String invoiceId,
            @QueryParam("customerId") String customerId, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor, @Context SecurityContext security) {
        return payments.payments(Callers.tenant(security), invoiceId, customerId, Page.limit(limit), cursor);
    }

    @GET
    @Path("{id}")
    public OnlinePayment get(@PathParam("id") String id, @Context SecurityContext security) {
        return payments.payment(Callers.tenant(security), id);
    }

    /**
     * Refunds (part of) a payment at the gateway and records it. A client that may send the request again (after a
     * timeout) sends the same {@code Idempotency-Key}: the gateway then refunds once.
     */
    @POST
    @Path("{id}/refunds")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public Response refund(@PathParam("id") String id, OnlinePayment.RefundInput input,
            @HeaderParam("Idempotency-Key") String idempotencyKey, @Context SecurityContext security) {
        return Response.status(Response.Status.CREATED)
                .entity(payments.refund(Callers.tenant(security), id, input, idempotencyKey)).build();
    }

    @GET
    @Path("customers/{customerId}/autopay")
    public AutopayView autopay(@PathParam("customerId") String customerId, @Context SecurityContext security) {
        return autopay.autopay(Callers.tenant(security), customerId);
    }

    @PUT
    @Path("customers/{customerId}/autopay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_WRITE)
    public AutopayView changeAutopay(@PathParam("customerId") String customerId, AutopayView.Input input,
            @Context SecurityContext security) {
        return autopay.changeAutopay(Callers.tenant(security), customerId, input);
    }

    /** Autopay attempts, oldest first; {@code invoiceId} filters. */
    @GET
    @Path("autopay/attempts")
    public List<AutopayAttempt> attempts(@QueryParam("invoiceId") String invoiceId,
            @Context SecurityContext security) {
        return autopay.attempts(Callers.tenant(security), invoiceId);
    }

    /** Runs autopay for the tenant as on {@code date} (today when absent): the attempts it made. */
    @POST
    @Path("autopay/run")
    @Access(Access.Level.TENANT_ADMIN)
    public List<AutopayAttempt> run(@QueryParam("date") String date, @Context SecurityContext security) {
        return autopay.run(Callers.tenant(security), autopay.date(date));
    }

    /** The gateway's payouts of {@code month} ({@code 2026-11}; last month when absent) against what was recorded. */
    @GET
    @Path("reconciliation")
    @ApiResponse(responseCode = "409", description = "No payment gateway is set up", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    public Reconciliation reconciliation(@QueryParam("month") String month, @Context SecurityContext security) {
        return payments.reconcile(Callers.tenant(security), month);
    }
}
