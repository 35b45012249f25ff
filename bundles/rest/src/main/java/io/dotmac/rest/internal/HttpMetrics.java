package io.dotmac.rest.internal;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.ws.rs.Path;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ResourceInfo;

import io.dotmac.platform.api.Caller;
import io.dotmac.platform.api.metrics.Metrics;
import io.dotmac.rest.DotMacRest;

/**
 * The REST application's metrics: every request's latency by method, route template and status
 * ({@code dotmac_http_requests_seconds}); a tenant's requests and their latency by status class, by tier
 * ({@code dotmac_api_requests_seconds}, also each tenant's API calls and their p95 in the usage metering), and by the
 * plugin that served them (core resources: {@code core}; {@code dotmac_plugin_requests_total}). Label values come from fixed sets only: a route is a
 * resource method's template ({@code /api/v1/customers/{id}}), never the path sent; a request no resource method
 * matched is route {@code unmatched}; an unknown method is {@code OTHER}.
 */
final class HttpMetrics {

    static final String UNMATCHED = "unmatched";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final Metrics.Timer requests;
    private final Metrics.TenantTimer tenantRequests;
    private final Metrics.TenantCounter pluginRequests;
    /** Route templates of core resource methods, kept per class so that a stopped bundle's classes can go. */
    private final ClassValue<Map<Method, String>> routes = new ClassValue<>() {
        @Override
        protected Map<Method, String> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    HttpMetrics(Metrics metrics) {
        this.requests = metrics.timer("http_requests", "Requests to the REST API by method, route template and "
                + "status, and their latency", "method", "route", "status");
        this.tenantRequests = metrics.tenantTimer("api_requests", "Requests a tenant made to the REST API by status "
                + "class (2xx, 4xx, 5xx), and their latency", "status");
        this.pluginRequests = metrics.tenantCounter("plugin_requests", "Requests a tenant made to the REST API by the "
                + "plugin that served them (core: the core's resources)", "plugin");
    }

    void record(ContainerRequestContext request, ResourceInfo resource, int status, long nanos) {
        String method = METHODS.contains(request.getMethod()) ? request.getMethod() : "OTHER";
        String route = route(resource, request.getProperty(DotMacRest.ROUTE_PREFIX_PROPERTY));
        requests.record(Duration.ofNanos(nanos), method, route, Integer.toString(status));
        if (request.getProperty(Caller.class.getName()) instanceof Caller caller
                && caller.actingTenant().isPresent()) {
            io.dotmac.platform.api.TenantRef tenant = caller.actingTenant().get();
            Object plugin = request.getProperty(DotMacRest.PLUGIN_PROPERTY);
            tenantRequests.record(tenant, Duration.ofNanos(nanos), (status / 100) + "xx");
            pluginRequests.increment(tenant, plugin instanceof String p && !p.isEmpty() ? p : "core");
        }
    }

    private String route(ResourceInfo resource, Object prefix) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return UNMATCHED;
        }
        if (prefix instanceof String p) {
            // a plugin endpoint reached through the dispatcher: its root, then the method's own path
            return join(p, path(method.getAnnotation(Path.class)));
        }
        Class<?> type = resource.getResourceClass() == null ? method.getDeclaringClass() : resource.getResourceClass();
        return routes.get(type).computeIfAbsent(method, m -> join(join("/" + DotMacRest.APPLICATION_BASE,
                path(type.getAnnotation(Path.class))), path(m.getAnnotation(Path.class))));
    }

    private static String path(Path path) {
        return path == null ? "" : withoutRegex(path.value());
    }

    /** {@code {report: a|b}} as {@code {report}}: a template's variables without their regular expressions. */
    static String withoutRegex(String template) {
        StringBuilder out = new StringBuilder(template.length());
        int depth = 0;
        boolean skipping = false;
        for (int i = 0; i < template.length(); i++) {
            char ch = template.charAt(i);
            if (ch == '{') {
                depth++;
                if (depth > 1) {
                    continue; // a quantifier inside the expression
                }
            } else if (ch == '}') {
                depth--;
                if (depth > 0) {
                    continue;
                }
                skipping = false;
            } else if (depth == 1 && ch == ':') {
                skipping = true;
                continue;
            } else if (skipping || depth > 1 || depth == 1 && Character.isWhitespace(ch)) {
                continue;
            }
            out.append(ch);
        }
        return out.toString();
    }

    /** {@code a/b} with exactly one slash between, none at the end. */
    static String join(String base, String more) {
        String a = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String b = more.startsWith("/") ? more.substring(1) : more;
        if (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return b.isEmpty() ? a : a + "/" + b;
    }
}
