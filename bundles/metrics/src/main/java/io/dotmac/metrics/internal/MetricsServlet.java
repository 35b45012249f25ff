package io.dotmac.metrics.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;

/**
 * {@code GET /metrics} on the HTTP port: the registry in Prometheus text format 0.0.4, to clients on an allowed
 * network ({@code allowedNetworks}); anyone else gets 403 problem+json, and a method other than GET or HEAD 405.
 */
@Component(service = Servlet.class, property = {
    HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=dotmac-metrics",
    HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/metrics",
    HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT + "=(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME
            + "=" + HttpWhiteboardConstants.HTTP_WHITEBOARD_DEFAULT_CONTEXT_NAME + ")" })
public class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient PlatformMetrics platform;
    private final transient PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    @Activate
    public MetricsServlet(@Reference PlatformMetrics platform) {
        this.platform = platform;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            response.setHeader("Allow", "GET, HEAD");
            problem(response, 405, "Method Not Allowed", method + " is not supported by /metrics (GET reads it)");
            return;
        }
        Networks allowed = platform.allowed();
        if (!allowed.contains(request.getRemoteAddr())) {
            problem(response, 403, "Forbidden", "/metrics is served to clients on " + allowed
                    + " only (allowedNetworks of etc/" + MetricsConfig.PID + ".cfg)");
            return;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
        writer.write(body, platform.registry().scrape());
        response.setStatus(200);
        response.setContentType(writer.getContentType());
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.size());
        if ("GET".equals(method)) {
            body.writeTo(response.getOutputStream());
        }
    }

    /** An RFC 9457 answer; its texts are ours (nothing the client sent is in them). */
    private static void problem(HttpServletResponse response, int status, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        String json = "{\"type\":\"about:blank\",\"title\":\"" + escape(title) + "\",\"status\":" + status
                + ",\"detail\":\"" + escape(detail) + "\"}";
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
