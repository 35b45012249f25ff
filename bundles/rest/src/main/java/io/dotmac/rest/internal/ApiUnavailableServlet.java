package io.dotmac.rest.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.dotmac.platform.api.UnavailableException;
import io.dotmac.rest.DotMacRest;

/**
 * Answers {@code /api/*} while the DotMac application is not deployed: at boot until its members are all up, and
 * whenever a member's bundle is stopped. The whiteboard serves the application in its own HTTP context at
 * {@code /api}, which takes those paths from this servlet (in the default context) as soon as it exists, so this
 * only ever answers in the application's absence: 503 problem+json with {@code Retry-After}, never Jetty's HTML
 * 404. Registered by the bundle's {@link Activator}, before the HTTP runtime starts listening.
 */
public class ApiUnavailableServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String RETRY_AFTER_SECONDS = "1";

    private static final ObjectMapper MAPPER = ObjectMappers.create();

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response);
    }

    /** Answers 503 problem+json: the API is not deployed (yet). */
    static void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(request, response, new UnavailableException("DotMac is starting (or its API is stopped); retry "
                + "shortly"));
    }

    /** Answers {@code error} as problem+json, the way the application would (for filters in front of it). */
    static void write(HttpServletRequest request, HttpServletResponse response, Throwable error) throws IOException {
        String requestId = RequestIdFilter.requestId(request.getHeader(DotMacRest.REQUEST_ID_HEADER));
        Problem problem = Problems.of(error, request.getMethod(), request.getRequestURI(), requestId);
        byte[] body = MAPPER.writeValueAsBytes(problem.body());
        response.setStatus(problem.status());
        response.setContentType(DotMacRest.PROBLEM_JSON);
        problem.headers().forEach(response::setHeader);
        if (error instanceof UnavailableException) {
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        response.setHeader(DotMacRest.REQUEST_ID_HEADER, requestId);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
