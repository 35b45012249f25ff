package io.dotmac.rest.internal;

import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dotmac.rest.DotMacRest;

/**
 * Maps every exception, ours and JAX-RS' own (unknown path, wrong method, unsupported media type), to an
 * {@code application/problem+json} response. Server errors are logged with their stack trace and request id;
 * the client sees neither the trace nor the exception's message.
 */
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

    private static final ObjectMapper MAPPER = ObjectMappers.create();

    @Context
    UriInfo uriInfo;

    @Context
    javax.ws.rs.core.Request request;

    @Override
    public Response toResponse(Throwable error) {
        String method = request == null ? "?" : request.getMethod();
        String path = uriInfo == null ? null : uriInfo.getRequestUri().getRawPath();
        return response(error, method, path);
    }

    /** The problem+json answer to {@code error} for a request ({@code path} raw, with or without its leading '/'). */
    public static Response response(Throwable error, String method, String rawPath) {
        String requestId = requestId();
        String path = rawPath == null ? null : "/" + rawPath.replaceFirst("^/+", "");
        Problem problem = Problems.of(error, method, path, requestId);
        if (error instanceof io.dotmac.platform.api.UnavailableException) {
            // an outage the client is told to wait out (the database, a plugin on another node): no stack trace
            LOG.warn("{} {} unavailable: {} [requestId={}]", method, path, error.getMessage(), requestId);
        } else if (problem.status() >= 500) {
            LOG.error("{} {} failed [requestId={}]", method, path, requestId, error);
        } else {
            LOG.debug("{} {} answered {}: {} [requestId={}]", method, path, problem.status(), error, requestId);
        }
        Response.ResponseBuilder response = Response.status(problem.status())
                .type(DotMacRest.PROBLEM_JSON)
                .entity(json(problem));
        problem.headers().forEach(response::header);
        return response.build();
    }

    /** The request filter runs first, on this same thread, and leaves the id in the MDC. */
    private static String requestId() {
        return MDC.get(RequestIdFilter.MDC_KEY);
    }

    private static String json(Problem problem) {
        try {
            return MAPPER.writeValueAsString(problem.body());
        } catch (JsonProcessingException e) {
            LOG.error("cannot serialise problem {}", problem, e);
            return "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500}";
        }
    }
}
