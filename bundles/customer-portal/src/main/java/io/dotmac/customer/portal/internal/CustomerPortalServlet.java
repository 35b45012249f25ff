package io.dotmac.customer.portal.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.util.Map;
import java.util.regex.Pattern;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;

/**
 * The customer portal's files at {@code /customer/} (this bundle's {@code customer/} folder): static files only, the
 * same for everyone; what a page shows comes from {@code /api/v1/customer}, which checks the subscriber's session.
 * Every answer carries a content security policy allowing this origin's scripts, styles, images and API only.
 */
@Component(service = Servlet.class, property = {
    HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=dotmac-customer-portal",
    HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/customer/*",
    HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT + "=(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME
            + "=" + HttpWhiteboardConstants.HTTP_WHITEBOARD_DEFAULT_CONTEXT_NAME + ")" })
public class CustomerPortalServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_-]+\\.[a-z0-9]{1,5}");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js",
            "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");

    private final transient BundleContext context;

    @Activate
    public CustomerPortalServlet(BundleContext context) {
        this.context = context;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            response.setHeader("Allow", "GET, HEAD");
            response.sendError(405);
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/customer")) {
            String query = request.getQueryString();
            response.setStatus(302);
            response.setHeader("Location", request.getContextPath() + "/customer/"
                    + (query == null ? "" : "?" + query));
            return;
        }
        String file = path.substring("/customer/".length());
        if (file.isEmpty()) {
            file = "index.html";
        }
        URL url = FILE.matcher(file).matches() ? context.getBundle().getEntry("customer/" + file) : null;
        if (url == null) {
            response.sendError(404);
            return;
        }
        String etag = "\"" + context.getBundle().getBundleId() + "-" + context.getBundle().getLastModified() + "\"";
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("ETag", etag);
        if (etag.equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(TYPES.getOrDefault(file.substring(file.lastIndexOf('.') + 1),
                "application/octet-stream"));
        if ("HEAD".equals(method)) {
            return;
        }
        try (InputStream in = url.openStream(); OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }
}
