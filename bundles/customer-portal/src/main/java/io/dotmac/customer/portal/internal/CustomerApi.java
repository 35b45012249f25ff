package io.dotmac.customer.portal.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
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

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.billing.basic.Invoice;
import io.dotmac.billing.basic.InvoiceService;
import io.dotmac.billing.basic.InvoiceStatus;
import io.dotmac.billing.basic.Payment;
import io.dotmac.billing.basic.Plan;
import io.dotmac.billing.basic.PlanService;
import io.dotmac.billing.basic.Subscription;
import io.dotmac.billing.basic.SubscriptionService;
import io.dotmac.customers.Customer;
import io.dotmac.customers.CustomerInput;
import io.dotmac.payments.PayLinks;
import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.Brands;
import io.dotmac.platform.api.Caller;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.PluginDisabledException;
import io.dotmac.platform.api.PluginNotLicensedException;
import io.dotmac.platform.api.Role;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.radius.SubscriberUsage;
import io.dotmac.rest.Callers;
import io.dotmac.rest.core.ApiMember;
import io.dotmac.tenant.TenantService;
import io.dotmac.tickets.Ticket;
import io.dotmac.tickets.TicketService;

/**
 * {@code /api/v1/customer}: the customer self-service portal's API. A subscriber signs in with a one-time link
 * ({@code POST sign-in-links}, then {@code POST sessions}) and then, with the session's bearer token, sees and does
 * only what is theirs: their contact details, subscriptions, invoices (and their PDF and payments, and a pay link when
 * the tenant takes payments online), and tickets. Every read and change is scoped to the tenant <em>and</em> the
 * customer of the session: another customer's invoice or ticket is 404. The plugins' services are reached through
 * licensing, for the session's tenant. ISP staff make a sign-in link to hand over with {@code POST links}.
 *
 * <p>These methods are {@link Access.Level#ANONYMOUS} to the API's authentication filter (an ISP user's token means
 * nothing here); each checks the subscriber's own session token itself.
 */
@Component(service = ApiMember.class, property = ApiMember.MEMBER_PROPERTY + "=" + ApiMember.CUSTOMER_PORTAL)
@Path("v1/customer")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerApi implements ApiMember {

    static final String BILLING = "basic_billing";
    static final String TICKETING = "ticketing";

    // optional: a member comes up without the database and answers 503 until it is there
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CustomerLogins logins;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TenantService tenants;

    private CustomerLogins logins() {
        CustomerLogins current = logins;
        if (current == null) {
            throw new UnavailableException("The customer portal is unavailable while the database is down");
        }
        return current;
    }

    // ---- signing in

    public record SignInRequest(String tenant, String email) {
    }

    public record SessionRequest(String tenant, String token) {
    }

    public record Accepted(String message) {
    }

    public record LinkRequest(String customerId) {
    }

    /** Asks for a sign-in link by e-mail: 202 whether or not the address is a customer's. */
    @POST
    @Path("sign-in-links")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.ANONYMOUS)
    public Response requestLink(SignInRequest in, @Context HttpServletRequest http) {
        if (in == null) {
            throw new ValidationException("email", "is required");
        }
        logins().requestLink(in.tenant(), in.email(), http == null ? "?" : http.getRemoteAddr());
        return Response.accepted(new Accepted("If this address is one of ours, a sign-in link is on its way to it: "
                + "it works once, for a short while.")).build();
    }

    /** Exchanges a sign-in link's token for a session (401 when used, expired or unknown). */
    @POST
    @Path("sessions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.ANONYMOUS)
    public Response signIn(SessionRequest in) {
        if (in == null) {
            throw new ValidationException("token", "is required");
        }
        return Response.status(Response.Status.CREATED).entity(logins().signIn(in.tenant(), in.token())).build();
    }

    @DELETE
    @Path("sessions/current")
    @Access(Access.Level.ANONYMOUS)
    public Response signOut(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        logins().signOut(authorization);
        return Response.noContent().build();
    }

    /** ISP staff: a sign-in link for one of the tenant's customers, to hand over (valid once, for a short while). */
    @POST
    @Path("links")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_WRITE)
    public Response staffLink(LinkRequest in, @Context SecurityContext security) {
        if (in == null) {
            throw new ValidationException("customerId", "is required");
        }
        return Response.status(Response.Status.CREATED).entity(logins().staffLink(Callers.tenant(security),
                in.customerId())).build();
    }

    // ---- the tenant's brand (before signing in)

    public record BrandView(String tenant, String name, String primaryColour, String accentColour, boolean logo) {
    }

    @GET
    @Path("brand")
    @Access(Access.Level.ANONYMOUS)
    public BrandView brand(@QueryParam("tenant") String slug) {
        TenantRef tenant = logins().tenant(slug);
        Optional<Brands.Brand> brand = Brands.of(logins().licensing(), tenant);
        String name = brand.map(Brands.Brand::legalName).filter(n -> n != null && !n.isBlank())
                .orElseGet(() -> tenants == null ? tenant.slug() : tenants.find(tenant.id()).map(t -> t.name())
                        .orElse(tenant.slug()));
        return new BrandView(tenant.slug(), name, brand.map(Brands.Brand::primaryColour).orElse(null),
                brand.map(Brands.Brand::accentColour).orElse(null), brand.map(Brands.Brand::logo).isPresent());
    }

    @GET
    @Path("brand/logo")
    @Produces({ "image/png", "image/svg+xml" })
    @Access(Access.Level.ANONYMOUS)
    public Response logo(@QueryParam("tenant") String slug) {
        TenantRef tenant = logins().tenant(slug);
        Brands.Brand brand = Brands.of(logins().licensing(), tenant).filter(b -> b.logo() != null)
                .orElseThrow(() -> new NotFoundException("No logo"));
        return Response.ok(brand.logo(), brand.logoType()).header("Content-Security-Policy", "default-src 'none'; "
                + "style-src 'unsafe-inline'").build();
    }

    // ---- the subscriber's own rows

    private CustomerLogins.Subscriber who(String authorization) {
        return logins().subscriber(authorization);
    }

    private <S> S service(CustomerLogins.Subscriber who, String plugin, Class<S> type) {
        return logins().licensing().service(who.tenant(), plugin, type)
                .orElseThrow(() -> new UnavailableException("This part of the portal is not available"));
    }

    /**
     * A plugin's service the portal shows only when the tenant may use it: 404 ({@code unavailable}) when it is not
     * installed, not in the tenant's tier, or switched off.
     */
    private <S> S optional(CustomerLogins.Subscriber who, String plugin, Class<S> type, String unavailable) {
        try {
            return logins().licensing().service(who.tenant(), plugin, type)
                    .orElseThrow(() -> new NotFoundException(unavailable));
        } catch (PluginNotLicensedException | PluginDisabledException notNow) {
            throw new NotFoundException(unavailable);
        }
    }

    public record Me(String id, String name, String email, String phone, String serviceAddress, String status,
            String tenant, String tenantName) {
    }

    /** What a subscriber may change of their contact details. */
    public record MeChanges(String email, String phone, String serviceAddress) {
    }

    private Me me(CustomerLogins.Subscriber who, Customer c) {
        String tenantName = tenants == null ? who.tenant().slug() : tenants.find(who.tenant().id())
                .map(t -> t.name()).orElse(who.tenant().slug());
        return new Me(c.id(), c.name(), c.email(), c.phone(), c.serviceAddress(), c.status().name(),
                who.tenant().slug(), tenantName);
    }

    @GET
    @Path("me")
    @Access(Access.Level.ANONYMOUS)
    public Me me(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        CustomerLogins.Subscriber who = who(authorization);
        return me(who, logins().customers(who.tenant()).get(who.tenant(), who.customerId()));
    }

    @PATCH
    @Path("me")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.ANONYMOUS)
    public Me changeMe(MeChanges in, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        CustomerLogins.Subscriber who = who(authorization);
        if (in == null) {
            throw new ValidationException("body", "changes are required");
        }
        Customer changed = logins().customers(who.tenant()).update(who.tenant(), who.customerId(),
                new CustomerInput(null, in.email(), in.phone(), in.serviceAddress(), null));
        return me(who, changed);
    }

    public record SubscriptionView(String id, String planId, String planName, String price, String currency,
            String billingPeriod, int downloadMbps, int uploadMbps, String status, LocalDate startDate,
            LocalDate nextBillingDate, LocalDate cancelAt) {
    }

    @GET
    @Path("subscriptions")
    @Access(Access.Level.ANONYMOUS)
    public List<SubscriptionView> subscriptions(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        CustomerLogins.Subscriber who = who(authorization);
        SubscriptionService subscriptions = service(who, BILLING, SubscriptionService.class);
        PlanService plans = service(who, BILLING, PlanService.class);
        List<SubscriptionView> views = new ArrayList<>();
        for (Subscription s : all(cursor -> subscriptions.list(who.tenant(), who.customerId(), null, 100, cursor))) {
            Plan p = plans.get(who.tenant(), s.planId());
            views.add(new SubscriptionView(s.id(), p.id(), p.name(), p.price(), p.currency(),
                    p.billingPeriod().name(), p.downloadMbps(), p.uploadMbps(), s.status().name(), s.startDate(),
                    s.nextBillingDate(), s.cancelAt()));
        }
        return views;
    }

    /**
     * The subscription's use of its connection per day over the last {@code days} (30 by default), from RADIUS
     * accounting: 404 when the tenant may not use {@code radius_aaa}, or for another customer's subscription.
     */
    @GET
    @Path("subscriptions/{id}/usage")
    @Access(Access.Level.ANONYMOUS)
    public List<SubscriberUsage.Day> usage(@PathParam("id") String id, @QueryParam("days") Integer days,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        CustomerLogins.Subscriber who = who(authorization);
        Subscription subscription = service(who, BILLING, SubscriptionService.class).get(who.tenant(), id);
        if (!subscription.customerId().equals(who.customerId())) {
            throw new NotFoundException("No subscription '" + id + "'");
        }
        return optional(who, SubscriberUsage.PLUGIN, SubscriberUsage.class, "Usage is not available")
                .usage(who.tenant(), id, days == null ? 30 : days);
    }

    /** Every page of a listing, at most 1,000 rows. */
    private static <T> List<T> all(Function<String, Page<T>> page) {
        List<T> rows = new ArrayList<>();
        String cursor = null;
        do {
            Page<T> p = page.apply(cursor);
            rows.addAll(p.items());
            cursor = p.nextCursor();
        } while (cursor != null && rows.size() < 1000);
        return rows;
    }

    /** The subscriber's invoices, newest first (drafts are the ISP's, not yet theirs). */
    @GET
    @Path("invoices")
    @Access(Access.Level.ANONYMOUS)
    public List<Invoice> invoices(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        CustomerLogins.Subscriber who = who(authorization);
        InvoiceService invoices = service(who, BILLING, InvoiceService.class);
        return all(cursor -> invoices.list(who.tenant(), who.customerId(), null, 100, cursor)).stream()
                .filter(i -> i.status() != InvoiceStatus.DRAFT)
                .sorted(Comparator.comparing(Invoice::createdAt).reversed()).toList();
    }

    /** One of the subscriber's invoices; 404 for a draft or another customer's. */
    private Invoice invoice(CustomerLogins.Subscriber who, String id) {
        InvoiceService invoices = service(who, BILLING, InvoiceService.class);
        Invoice invoice = invoices.get(who.tenant(), id);
        if (!invoice.customerId().equals(who.customerId()) || invoice.status() == InvoiceStatus.DRAFT) {
            throw new NotFoundException("No invoice '" + id + "'");
        }
        return invoice;
    }

    @GET
    @Path("invoices/{id}")
    @Access(Access.Level.ANONYMOUS)
    public Invoice invoice(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return invoice(who(authorization), id);
    }

    @GET
    @Path("invoices/{id}/pdf")
    @Produces("application/pdf")
    @Access(Access.Level.ANONYMOUS)
    public Response pdf(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        CustomerLogins.Subscriber who = who(authorization);
        Invoice invoice = invoice(who, id);
        byte[] pdf = service(who, BILLING, InvoiceService.class).pdf(who.tenant(), id);
        return Response.ok(pdf, "application/pdf").header("Content-Disposition", "attachment; filename=\""
                + (invoice.number() == null ? id : invoice.number()) + ".pdf\"").build();
    }

    @GET
    @Path("invoices/{id}/payments")
    @Access(Access.Level.ANONYMOUS)
    public List<Payment> payments(@PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        CustomerLogins.Subscriber who = who(authorization);
        invoice(who, id);
        return service(who, BILLING, InvoiceService.class).payments(who.tenant(), id);
    }

    public record PaymentView(String id, String invoiceId, String invoiceNumber, String amount, String currency,
            String method, Instant receivedAt) {
    }

    /** Every payment of the subscriber's invoices, newest first. */
    @GET
    @Path("payments")
    @Access(Access.Level.ANONYMOUS)
    public List<PaymentView> allPayments(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        CustomerLogins.Subscriber who = who(authorization);
        InvoiceService service = service(who, BILLING, InvoiceService.class);
        List<PaymentView> views = new ArrayList<>();
        for (Invoice i : invoices(authorization)) {
            if (i.amountPaid() != null && !i.amountPaid().matches("0(\\.0*)?") || i.status() == InvoiceStatus.PAID) {
                for (Payment p : service.payments(who.tenant(), i.id())) {
                    views.add(new PaymentView(p.id(), i.id(), i.number(), p.amount(), i.currency(),
                            p.method() == null ? null : p.method().name(), p.receivedAt()));
                }
            }
        }
        views.sort(Comparator.comparing(PaymentView::receivedAt).reversed());
        return views;
    }

    public record PayLinkView(String path) {
    }

    /** Where to pay an owed invoice online: 404 when the tenant takes no payments online or nothing is owed. */
    @GET
    @Path("invoices/{id}/pay-link")
    @Access(Access.Level.ANONYMOUS)
    public PayLinkView payLink(@PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        CustomerLogins.Subscriber who = who(authorization);
        Invoice invoice = invoice(who, id);
        if (invoice.status() != InvoiceStatus.ISSUED) {
            throw new NotFoundException("Invoice " + invoice.number() + " is " + invoice.status()
                    + ": nothing to pay");
        }
        PayLinks links = optional(who, PayLinks.PLUGIN, PayLinks.class, "Online payment is not available");
        return new PayLinkView("/pay/" + links.tokenFor(who.tenant(), id));
    }

    // ---- tickets

    public record TicketInput(String subject, String description) {
    }

    public record CommentInput(String body) {
    }

    /** A comment as the subscriber sees it: whether it is theirs, and the author's name. */
    public record CommentView(String id, String authorName, boolean mine, String body, Instant createdAt) {
    }

    private Caller caller(CustomerLogins.Subscriber who) {
        Customer c = logins().customers(who.tenant()).get(who.tenant(), who.customerId());
        String name = c.name().length() > 64 ? c.name().substring(0, 64) : c.name();
        return new Caller(who.customerId(), name, Role.ISP_READONLY, who.tenant());
    }

    @GET
    @Path("tickets")
    @Access(Access.Level.ANONYMOUS)
    public List<Ticket> tickets(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        CustomerLogins.Subscriber who = who(authorization);
        TicketService tickets = service(who, TICKETING, TicketService.class);
        return all(cursor -> tickets.list(who.tenant(), null, null, null, who.customerId(), 100, cursor)).stream()
                .sorted(Comparator.comparing(Ticket::createdAt).reversed()).toList();
    }

    @POST
    @Path("tickets")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.ANONYMOUS)
    public Response openTicket(TicketInput in, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        CustomerLogins.Subscriber who = who(authorization);
        if (in == null) {
            throw new ValidationException(List.of(new FieldError("subject", "is required"),
                    new FieldError("description", "is required")));
        }
        Ticket t = service(who, TICKETING, TicketService.class).create(who.tenant(), caller(who),
                new Ticket.Input(in.subject(), in.description(), who.customerId(), null, null, null));
        return Response.status(Response.Status.CREATED).entity(t).build();
    }

    private Ticket ticket(CustomerLogins.Subscriber who, String id) {
        Ticket t = service(who, TICKETING, TicketService.class).get(who.tenant(), id);
        if (!who.customerId().equals(t.customerId())) {
            throw new NotFoundException("No ticket '" + id + "'");
        }
        return t;
    }

    @GET
    @Path("tickets/{id}")
    @Access(Access.Level.ANONYMOUS)
    public Ticket ticket(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return ticket(who(authorization), id);
    }

    @GET
    @Path("tickets/{id}/comments")
    @Access(Access.Level.ANONYMOUS)
    public List<CommentView> comments(@PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        CustomerLogins.Subscriber who = who(authorization);
        ticket(who, id);
        return service(who, TICKETING, TicketService.class).comments(who.tenant(), id).stream()
                .map(c -> new CommentView(c.id(), c.authorName(), who.customerId().equals(c.authorId()), c.body(),
                        c.createdAt()))
                .toList();
    }

    @POST
    @Path("tickets/{id}/comments")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.ANONYMOUS)
    public Response comment(@PathParam("id") String id, CommentInput in,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        CustomerLogins.Subscriber who = who(authorization);
        ticket(who, id);
        if (in == null) {
            throw new ValidationException("body", "is required");
        }
        Ticket.Comment c = service(who, TICKETING, TicketService.class).comment(who.tenant(), caller(who), id,
                new Ticket.Comment.Input(in.body()));
        return Response.status(Response.Status.CREATED).entity(new CommentView(c.id(), c.authorName(), true,
                c.body(), c.createdAt())).build();
    }
}
