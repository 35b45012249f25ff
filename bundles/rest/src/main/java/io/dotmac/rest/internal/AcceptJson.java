package io.dotmac.rest.internal;

import java.util.Locale;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.HttpHeaders;

/**
 * Lets a request without credentials reach its resource whatever its {@code Accept} says, so that it is told what
 * is wrong with it: a browser's {@code Accept: text/html} without a token gets 401, not 406 (JAX-RS refuses a method
 * whose types the client does not accept before any filter has checked the token). Such a header, accepting neither
 * JSON nor everything, gets {@code application/json} added at the lowest weight, so a type the client does ask for
 * still wins where the resource has it. A request with credentials is negotiated as sent (406 where nothing fits).
 */
@PreMatching
final class AcceptJson implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if (accept == null || accept.isBlank() || request.getHeaderString(HttpHeaders.AUTHORIZATION) != null) {
            return;
        }
        String lower = accept.toLowerCase(Locale.ROOT);
        if (lower.contains("json") || lower.contains("*/*") || lower.contains("application/*")) {
            return;
        }
        request.getHeaders().putSingle(HttpHeaders.ACCEPT, accept + ", application/json;q=0.001");
    }
}
