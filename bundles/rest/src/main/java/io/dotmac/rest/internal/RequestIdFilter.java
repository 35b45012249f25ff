package io.dotmac.rest.internal;

import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;

import org.slf4j.MDC;

import io.dotmac.rest.DotMacRest;

/**
 * Gives every request an id: the client's {@code X-Request-ID} when it is sane (1–128 characters of
 * {@code [A-Za-z0-9._:-]}), a fresh UUID otherwise. The id is echoed in the response header, put in the
 * logging MDC as {@code requestId} while the request runs, and written in the request's line of the
 * {@link AccessLog}. The time the request took goes to the {@link HttpMetrics} too, when the metrics service is there.
 */
@PreMatching
public class RequestIdFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static final String PROPERTY = "io.dotmac.requestId";
    static final String MDC_KEY = "requestId";
    private static final String STARTED = "io.dotmac.requestStarted";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final AccessLog accessLog;
    private final Supplier<HttpMetrics> metrics;

    @Context
    ResourceInfo resourceInfo;

    public RequestIdFilter(AccessLog accessLog, Supplier<HttpMetrics> metrics) {
        this.accessLog = accessLog;
        this.metrics = metrics;
    }

    /** The id to use for a request whose client sent {@code offered} (possibly null). */
    static String requestId(String offered) {
        return offered != null && SANE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String id = requestId(request.getHeaderString(DotMacRest.REQUEST_ID_HEADER));
        request.setProperty(PROPERTY, id);
        request.setProperty(ApiGateFilter.REACHED, Boolean.TRUE);
        request.setProperty(STARTED, System.nanoTime());
        MDC.put(MDC_KEY, id);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        if (id == null) {
            // the request failed before our request filter ran
            id = requestId(request.getHeaderString(DotMacRest.REQUEST_ID_HEADER));
        }
        response.getHeaders().putSingle(DotMacRest.REQUEST_ID_HEADER, id);
        Object started = request.getProperty(STARTED);
        long nanos = started instanceof Long s ? System.nanoTime() - s : -1;
        HttpMetrics http = metrics.get();
        if (http != null && nanos >= 0) {
            http.record(request, resourceInfo, response.getStatus(), nanos);
        }
        if (accessLog.enabled()) {
            long micros = nanos < 0 ? -1 : nanos / 1_000;
            accessLog.log(new AccessLog.Entry(System.currentTimeMillis(), request.getMethod(),
                    request.getUriInfo().getRequestUri().getRawPath(), response.getStatus(), micros, id.toString()));
        }
        MDC.remove(MDC_KEY);
    }
}
