package io.dotmac.portal.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;

import io.dotmac.licensing.Licensing;
import io.dotmac.platform.api.PortalPage;

/**
 * The ISP portal's files ({@code /} itself is sent here by the core's not-found servlet): {@code /portal/...} is the shell (this
 * bundle's {@code portal/} folder), {@code /portal/plugins/<plugin>/...} a plugin's page modules (the {@code portal/}
 * folder of that plugin's bundle, found in the licensing catalogue; the pages themselves are {@link PortalPage}
 * services). Static files only, the same for everyone: what a page shows comes from the API, which checks the
 * caller. Every answer carries a content security policy that allows this origin's scripts, styles and API only
 * (no inline script or style, no other origin), {@code nosniff} and {@code no-referrer}.
 */
@Component(service = Servlet.class, property = {
    HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=dotmac-portal",
    HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/portal/*",
    HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT + "=(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME
            + "=" + HttpWhiteboardConstants.HTTP_WHITEBOARD_DEFAULT_CONTEXT_NAME + ")" })
public class PortalServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "connect-src 'self' blob:; font-src 'self'; frame-src 'self' blob:; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\\.[a-z0-9]{1,5}");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js",
            "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "png",
            "image/png", "json", "application/json", "ico", "image/x-icon", "txt", "text/plain; charset=utf-8");

    private final transient BundleContext context;

    // optional: the shell is served while licensing (which needs the database) is down; plugin files then 503
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Licensing licensing;

    @Activate
    public PortalServlet(BundleContext context) {
        this.context = context;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        headers(response);
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            response.setHeader("Allow", "GET, HEAD");
            problem(response, 405, "Method Not Allowed", "The portal's files are read with GET");
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.isEmpty() || path.equals("/") || path.equals("/portal")) {
            response.setStatus(302);
            response.setHeader("Location", request.getContextPath() + "/portal/");
            return;
        }
        String file = path.substring("/portal/".length());
        if (file.isEmpty()) {
            file = "index.html";
        }
        URL url = null;
        Bundle from = null;
        if (file.startsWith("plugins/")) {
            Licensing current = licensing;
            if (current == null) {
                problem(response, 503, "Service Unavailable", "Plugin pages are unavailable while the database is "
                        + "down; retry later");
                return;
            }
            int slash = file.indexOf('/', "plugins/".length());
            String rest = slash < 0 ? "" : file.substring(slash + 1);
            from = slash < 0 ? null : current.plugin(file.substring("plugins/".length(), slash))
                    .map(p -> context.getBundle(p.bundleId())).orElse(null);
            if (from != null && FILE.matcher(rest).matches()) {
                url = from.getEntry("portal/" + rest);
            }
        } else if (FILE.matcher(file).matches()) {
            from = context.getBundle();
            url = from.getEntry("portal/" + file);
        }
        if (url == null) {
            problem(response, 404, "Not Found", "No portal file at " + path);
            return;
        }
        // the shell and the pages change with the bundles: the browser asks again each time, and a file of the same
        // bundle installation is not sent again (304)
        String etag = "\"" + from.getBundleId() + "-" + from.getLastModified() + "\"";
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

    static void headers(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
    }

    /** {@code s} as the inside of a JSON string. */
    static String json(String s) {
        StringBuilder b = new StringBuilder(s.length());
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

    private static void problem(HttpServletResponse response, int status, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                + json(detail) + "\"}";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
