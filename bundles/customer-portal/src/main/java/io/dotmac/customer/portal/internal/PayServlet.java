package io.dotmac.customer.portal.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.payments.PayLinks;
import io.dotmac.platform.api.Brands;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.PluginDisabledException;
import io.dotmac.platform.api.PluginNotLicensedException;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantService;

/**
 * {@code /pay/}: an invoice's pay link and the payment gateways' webhooks, without a login. What they show and do is
 * the plugin {@code online_payments}'s ({@link PayLinks}), reached through licensing for the link's tenant: a tenant
 * that may not use the plugin has no pay page (404) and no webhook.
 * <ul>
 * <li>{@code GET /pay/<token>}: the invoice's number, amount due and a Pay button, in the tenant's brand (its
 * {@code brand.css} and logo); with {@code ?session_id=} the payer's return from the gateway, which records the
 * payment if the gateway says it is paid.
 * <li>{@code POST /pay/<token>} (the button; {@code autopay=on} keeps the card for the next invoices): 303 to the
 * gateway's hosted checkout. The card is typed there, never here.
 * <li>{@code POST /pay/webhooks/<gateway>/<tenant id>}: the gateway's signed event (at most 256 KiB).
 * </ul>
 * Every page carries a content security policy allowing this origin's style and images and, for the form, the
 * gateway's checkout origin; no script at all.
 */
@Component(service = Servlet.class, property = {
    HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=dotmac-pay",
    HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/pay/*",
    HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT + "=(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME
            + "=" + HttpWhiteboardConstants.HTTP_WHITEBOARD_DEFAULT_CONTEXT_NAME + ")" })
public class PayServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PayServlet.class);
    static final int MAX_EVENT_BYTES = 256 * 1024;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern GATEWAY = Pattern.compile("[a-z0-9_-]{1,32}");
    private static final Pattern TENANT_ID = Pattern.compile("[0-9A-Za-z]{26}");
    private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");

    // optional: without licensing (the database down) the pages answer 503
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TenantServices licensing;
    private final transient TenantService tenants;

    @Activate
    public PayServlet(@Reference TenantService tenants) {
        this.tenants = tenants;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Cache-Control", "no-store");
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String[] parts = path.split("/", -1); // "", segments...
        try {
            if (parts.length == 2 && parts[1].equals("pay.css")) {
                file(request, response, "pay/pay.css", "text/css; charset=utf-8");
            } else if (parts.length == 4 && parts[1].equals("webhooks")) {
                webhook(request, response, parts[2], parts[3]);
            } else if (parts.length == 2 && TOKEN.matcher(parts[1]).matches()) {
                payLink(request, response, parts[1]);
            } else if (parts.length == 3 && TOKEN.matcher(parts[1]).matches() && parts[2].equals("brand.css")) {
                brandCss(request, response, parts[1]);
            } else if (parts.length == 3 && TOKEN.matcher(parts[1]).matches() && parts[2].equals("logo")) {
                logo(request, response, parts[1]);
            } else {
                page(response, 404, "Not found", "There is no page here.");
            }
        } catch (UnavailableException e) {
            page(response, 503, "Unavailable", "Payments are unavailable right now; please try again later.");
        }
    }

    // ---- pay links

    private TenantServices licensing() {
        TenantServices current = licensing;
        if (current == null) {
            throw new UnavailableException("licensing is down");
        }
        return current;
    }

    /** The plugin for the tenant of {@code token}: empty for an unknown token or a tenant without the plugin. */
    private Optional<Linked> linked(String token) {
        TenantServices services = licensing();
        Optional<TenantRef> tenant = services.platformService(PayLinks.PLUGIN, PayLinks.class)
                .flatMap(p -> p.tenantOf(token));
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        try {
            return services.service(tenant.get(), PayLinks.PLUGIN, PayLinks.class)
                    .map(p -> new Linked(tenant.get(), p));
        } catch (PluginNotLicensedException | PluginDisabledException notNow) {
            return Optional.empty();
        }
    }

    private record Linked(TenantRef tenant, PayLinks links) {
    }

    private void payLink(HttpServletRequest request, HttpServletResponse response, String token)
            throws IOException {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("POST")) {
            response.setHeader("Allow", "GET, HEAD, POST");
            page(response, 405, "Method not allowed", "Open the link to pay.");
            return;
        }
        Optional<Linked> linked = linked(token);
        if (linked.isEmpty()) {
            page(response, 404, "Pay link not found", "This pay link does not exist or is no longer available.");
            return;
        }
        TenantRef tenant = linked.get().tenant();
        PayLinks links = linked.get().links();
        try {
            if (method.equals("POST")) {
                URI back = URI.create(request.getRequestURL().toString());
                PayLinks.Checkout checkout = links.checkout(tenant, token, "on".equals(request.getParameter(
                        "autopay")), back);
                response.setStatus(303);
                response.setHeader("Location", checkout.url().toString());
                return;
            }
            String session = request.getParameter("session_id");
            PayLinks.PayPage page = session == null ? links.page(tenant, token)
                    : links.returned(tenant, token, session);
            render(response, tenant, token, page);
        } catch (NotFoundException e) {
            page(response, 404, "Pay link not found", "This pay link does not exist or is no longer available.");
        } catch (ConflictException e) {
            page(response, 409, "Nothing to pay", e.getMessage());
        }
    }

    private String tenantName(TenantRef tenant, Optional<Brands.Brand> brand) {
        return brand.map(Brands.Brand::legalName).filter(n -> n != null && !n.isBlank())
                .orElseGet(() -> tenants.find(tenant.id()).map(Tenant::name).orElse(tenant.slug()));
    }

    private void render(HttpServletResponse response, TenantRef tenant, String token, PayLinks.PayPage p)
            throws IOException {
        Optional<Brands.Brand> brand = Brands.of(licensing, tenant);
        String name = tenantName(tenant, brand);
        StringBuilder b = new StringBuilder(2048);
        b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Invoice ").append(html(p.invoiceNumber())).append(" · ").append(html(name))
                .append("</title><link rel=\"stylesheet\" href=\"/pay/pay.css\">")
                .append("<link rel=\"stylesheet\" href=\"/pay/").append(token).append("/brand.css\"></head><body>")
                .append("<main><header>");
        if (brand.map(Brands.Brand::logo).isPresent()) {
            b.append("<img class=\"logo\" src=\"/pay/").append(token).append("/logo\" alt=\"").append(html(name))
                    .append("\">");
        }
        b.append("<h1>").append(html(name)).append("</h1></header>")
                .append("<section class=\"invoice\" aria-labelledby=\"invoice\"><h2 id=\"invoice\">Invoice ")
                .append(html(p.invoiceNumber())).append("</h2><dl>")
                .append("<dt>For</dt><dd>").append(html(p.customerName())).append("</dd>")
                .append("<dt>Total</dt><dd>").append(html(p.total())).append(' ').append(html(p.currency()))
                .append("</dd>");
        if (p.dueDate() != null) {
            b.append("<dt>Due</dt><dd>").append(p.dueDate()).append("</dd>");
        }
        b.append("<dt>Amount due</dt><dd class=\"due\" id=\"amount-due\">").append(html(p.balance())).append(' ')
                .append(html(p.currency())).append("</dd></dl></section>");
        if (p.paidNow() || p.status().equals("PAID")) {
            b.append("<p class=\"paid\" role=\"status\" id=\"status\">")
                    .append(p.paidNow() ? "Thank you: your payment is received. " : "")
                    .append(p.status().equals("PAID") ? "This invoice is paid." : "").append("</p>");
        }
        if (p.payable()) {
            b.append("<form method=\"post\" action=\"/pay/").append(token).append("\">");
            if (p.autopayOffered()) {
                b.append("<p><label><input type=\"checkbox\" name=\"autopay\" value=\"on\"> Keep my card to pay my ")
                        .append("next invoices automatically on their due dates</label></p>");
            }
            b.append("<button type=\"submit\">Pay ").append(html(p.balance())).append(' ').append(html(p.currency()))
                    .append("</button><p class=\"note\">You enter your card on the payment provider's secure page; ")
                    .append(html(name)).append(" never sees it.</p></form>");
        } else if (p.status().equals("ISSUED") && !p.paidNow()) {
            b.append("<p class=\"note\">Online payment is not available for this invoice; please contact ")
                    .append(html(name)).append(".</p>");
        } else if (p.status().equals("VOID")) {
            b.append("<p class=\"note\">This invoice was cancelled: nothing is owed.</p>");
        }
        b.append("</main></body></html>");
        String formAction = "'self'" + (p.checkoutOrigin() == null ? "" : " " + p.checkoutOrigin());
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; "
                + "form-action " + formAction + "; base-uri 'none'; frame-ancestors 'none'");
        response.setStatus(200);
        response.setContentType("text/html; charset=utf-8");
        response.getOutputStream().write(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void brandCss(HttpServletRequest request, HttpServletResponse response, String token) throws IOException {
        Optional<Linked> linked = linked(token);
        Optional<Brands.Brand> brand = linked.flatMap(l -> Brands.of(licensing, l.tenant()));
        String primary = brand.map(Brands.Brand::primaryColour).filter(c -> c != null && COLOUR.matcher(c).matches())
                .orElse("#1f4e79");
        String accent = brand.map(Brands.Brand::accentColour).filter(c -> c != null && COLOUR.matcher(c).matches())
                .orElse(primary);
        response.setContentType("text/css; charset=utf-8");
        response.getOutputStream().write((":root { --brand: " + primary + "; --accent: " + accent + "; }\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    private void logo(HttpServletRequest request, HttpServletResponse response, String token) throws IOException {
        Optional<Brands.Brand> brand = linked(token).flatMap(l -> Brands.of(licensing, l.tenant()))
                .filter(b -> b.logo() != null);
        if (brand.isEmpty()) {
            response.setStatus(404);
            return;
        }
        response.setContentType(brand.get().logoType());
        // an SVG logo is shown as an image only: nothing in it runs
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        response.getOutputStream().write(brand.get().logo());
    }

    // ---- webhooks

    private void webhook(HttpServletRequest request, HttpServletResponse response, String gateway, String tenantId)
            throws IOException {
        if (!request.getMethod().equals("POST")) {
            response.setHeader("Allow", "POST");
            problem(response, 405, "Method Not Allowed", "Gateways post their events here", null);
            return;
        }
        if (!GATEWAY.matcher(gateway).matches() || !TENANT_ID.matcher(tenantId).matches()) {
            problem(response, 404, "Not Found", "No webhook here", null);
            return;
        }
        Optional<TenantRef> tenant = tenants.find(tenantId).filter(t -> t.id().equals(tenantId)).map(Tenant::ref);
        if (tenant.isEmpty()) {
            problem(response, 404, "Not Found", "No webhook here", null);
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_EVENT_BYTES + 1);
        }
        if (body.length > MAX_EVENT_BYTES) {
            problem(response, 413, "Payload Too Large", "An event is at most " + MAX_EVENT_BYTES + " bytes", null);
            return;
        }
        try {
            Optional<PayLinks> links = licensing().service(tenant.get(), PayLinks.PLUGIN, PayLinks.class);
            if (links.isEmpty()) {
                problem(response, 404, "Not Found", "No webhook here", null);
                return;
            }
            links.get().event(tenant.get(), gateway, body, request.getHeader("Stripe-Signature"));
            response.setStatus(200);
            response.setContentType("application/json");
            response.getOutputStream().write("{\"received\":true}".getBytes(StandardCharsets.UTF_8));
        } catch (PluginNotLicensedException | PluginDisabledException | NotFoundException notHere) {
            problem(response, 404, "Not Found", "No webhook here", null);
        } catch (ValidationException e) {
            problem(response, 400, "Bad Request", e.getMessage(), e.errors().isEmpty() ? null
                    : e.errors().get(0).field());
        } catch (ConflictException e) {
            problem(response, 409, "Conflict", e.getMessage(), null);
        } catch (UnavailableException e) {
            problem(response, 503, "Service Unavailable", "Retry later", null);
        } catch (DotMacException e) {
            LOG.warn("Webhook of tenant {} refused: {}", tenant.get().slug(), e.getMessage());
            problem(response, 400, "Bad Request", e.getMessage(), null);
        }
    }

    // ---- answers

    private void file(HttpServletRequest request, HttpServletResponse response, String entry, String type)
            throws IOException {
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD");
            response.setStatus(405);
            return;
        }
        response.setHeader("Cache-Control", "no-cache");
        response.setContentType(type);
        try (InputStream in = PayServlet.class.getClassLoader().getResourceAsStream(entry);
                OutputStream out = response.getOutputStream()) {
            if (in == null) {
                response.setStatus(404);
                return;
            }
            in.transferTo(out);
        }
    }

    private static void page(HttpServletResponse response, int status, String title, String text) throws IOException {
        response.setStatus(status);
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'self'; base-uri 'none'; "
                + "frame-ancestors 'none'");
        response.setContentType("text/html; charset=utf-8");
        response.getOutputStream().write(("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                + html(title) + "</title><link rel=\"stylesheet\" href=\"/pay/pay.css\"></head><body><main><h1>"
                + html(title) + "</h1><p>" + html(text) + "</p></main></body></html>").getBytes(
                        StandardCharsets.UTF_8));
    }

    private static void problem(HttpServletResponse response, int status, String title, String detail, String field)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        String json = "{\"type\":\"about:blank\",\"title\":\"" + json(title) + "\",\"status\":" + status
                + ",\"detail\":\"" + json(detail) + "\"" + (field == null ? ""
                        : ",\"errors\":[{\"field\":\"" + json(field) + "\",\"message\":\"" + json(detail) + "\"}]")
                + "}";
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }

    static String html(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
            case '<' -> b.append("&lt;");
            case '>' -> b.append("&gt;");
            case '&' -> b.append("&amp;");
            case '"' -> b.append("&quot;");
            case '\'' -> b.append("&#39;");
            default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String json(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
