package io.dotmac.rest.core;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.core.Response;

import io.dotmac.rest.internal.ProblemMapper;

/**
 * The application's problem+json answer to an exception, for a request filter to {@code abortWith}: the same answer
 * the exception mapper would give, without throwing. A filter that runs for a plugin endpoint's method runs inside
 * CXF's invoker, where a thrown exception is also logged by CXF as a warning with its stack trace (every 401 and 403
 * of a plugin endpoint would flood the log).
 */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    /** The answer to {@code error} for {@code request}. */
    public static Response of(Throwable error, ContainerRequestContext request) {
        return ProblemMapper.response(error, request.getMethod(),
                request.getUriInfo().getRequestUri().getRawPath());
    }
}
