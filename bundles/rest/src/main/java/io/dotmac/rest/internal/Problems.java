package io.dotmac.rest.internal;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.ws.rs.NotAllowedException;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import io.dotmac.platform.api.AccessDeniedException;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.LimitExceededException;
import io.dotmac.platform.api.NotAuthenticatedException;
import io.dotmac.platform.api.PluginDisabledException;
import io.dotmac.platform.api.TooManyRequestsException;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.platform.api.PluginNotLicensedException;
import io.dotmac.platform.api.ValidationException;

/**
 * Turns any throwable into a {@link Problem}. Only messages written for clients (domain exceptions, our own
 * 4xx) reach the body; anything else becomes a generic 500 whose detail names the request id, never the
 * exception.
 */
final class Problems {

    static final String TYPE_PREFIX = "urn:dotmac:problem:";

    private Problems() {
    }

    /**
     * @param method   the request's HTTP method
     * @param path     the request's path, used as the problem's {@code instance}
     * @param requestId the request id, also put into the body
     */
    static Problem of(Throwable error, String method, String path, String requestId) {
        return builderFor(error, method, path, requestId).build(path, requestId);
    }

    private static Problem.Builder builderFor(Throwable error, String method, String path, String requestId) {
        if (error instanceof ValidationException e) {
            return Problem.builder(422, TYPE_PREFIX + "validation", "Validation failed")
                    .detail(e.getMessage())
                    .member("errors", errors(e.errors()));
        }
        if (error instanceof io.dotmac.platform.api.NotFoundException e) {
            return Problem.builder(404, TYPE_PREFIX + "not-found", "Not found").detail(e.getMessage());
        }
        if (error instanceof ConflictException e) {
            return Problem.builder(409, TYPE_PREFIX + "conflict", "Conflict").detail(e.getMessage());
        }
        if (error instanceof PluginNotLicensedException e) {
            Problem.Builder b = Problem.builder(403, TYPE_PREFIX + "plugin-not-licensed", e.getMessage())
                    .detail(e.instanceTier() != null ? "This instance's " + e.instanceTier() + " licence does not "
                            + "include plugin '" + e.plugin() + "', whatever the tenant's tier"
                            : "The tenant's " + e.currentTier() + " tier does not include plugin '" + e.plugin() + "'")
                    .member("plugin", e.plugin())
                    .member("requiredTier", e.requiredTier().name())
                    .member("currentTier", e.currentTier().name());
            if (e.instanceTier() != null) {
                b.member("instanceTier", e.instanceTier().name());
            }
            return b;
        }
        if (error instanceof PluginDisabledException e) {
            return Problem.builder(403, TYPE_PREFIX + "plugin-disabled", e.getMessage())
                    .detail("An administrator of the tenant can switch it on again")
                    .member("plugin", e.plugin());
        }
        if (error instanceof NotAuthenticatedException e) {
            return Problem.builder(401, TYPE_PREFIX + "not-authenticated", "Not authenticated")
                    .detail(e.getMessage())
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"dotmac\"");
        }
        if (error instanceof BodyTooLargeException e) {
            return Problem.builder(413, TYPE_PREFIX + "body-too-large", "Payload Too Large").detail(e.getMessage())
                    .member("maxBytes", e.maxBytes());
        }
        if (error instanceof SlowUploadException e) {
            return Problem.builder(408, TYPE_PREFIX + "upload-too-slow", "Request Timeout").detail(e.getMessage());
        }
        if (error instanceof TooManyRequestsException e) {
            return Problem.builder(429, TYPE_PREFIX + "too-many-requests", "Too Many Requests").detail(e.getMessage())
                    .member("retryAfterSeconds", e.retryAfterSeconds())
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()));
        }
        if (error instanceof UnavailableException e) {
            return Problem.builder(503, TYPE_PREFIX + "unavailable", "Service Unavailable").detail(e.getMessage())
                    .header(HttpHeaders.RETRY_AFTER, "5");
        }
        if (error instanceof AccessDeniedException e) {
            return Problem.builder(403, TYPE_PREFIX + "forbidden:" + e.reason(), "Forbidden").detail(e.getMessage());
        }
        if (error instanceof LimitExceededException e) {
            Problem.Builder b = Problem.builder(403, TYPE_PREFIX + "limit-exceeded", "Limit exceeded")
                    .detail(e.getMessage())
                    .member("limit", e.limit())
                    .member("maximum", e.value())
                    .member("currentTier", e.currentTier().name());
            e.liftingTier().ifPresent(t -> b.member("requiredTier", t.name()));
            return b;
        }
        if (error instanceof BadRequestBodyException e) {
            Problem.Builder b = Problem.builder(400, TYPE_PREFIX + "bad-request", "Bad request").detail(e.getMessage());
            if (!e.errors().isEmpty()) {
                b.member("errors", errors(e.errors()));
            }
            return b;
        }
        if (error instanceof NotFoundException) {
            return Problem.builder(404, "about:blank", "Not Found")
                    .detail("No resource at " + method + " " + path);
        }
        if (error instanceof NotAllowedException e) {
            String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
            Problem.Builder b = Problem.builder(405, "about:blank", "Method Not Allowed")
                    .detail("Method " + method + " is not allowed for " + path
                            + (allow == null ? "" : "; allowed: " + allow));
            if (allow != null) {
                b.header(HttpHeaders.ALLOW, allow);
            }
            return b;
        }
        if (error instanceof WebApplicationException e && e.getResponse() != null
                && e.getResponse().getStatus() < 500) {
            Response.StatusType status = e.getResponse().getStatusInfo();
            String reason = status.getReasonPhrase() == null ? "Client error" : status.getReasonPhrase();
            String message = e.getMessage();
            // JAX-RS' own default messages ("HTTP 415 Unsupported Media Type") say nothing new
            String detail = message == null || message.startsWith("HTTP ") ? reason + " for " + method + " " + path
                    : message;
            Problem.Builder b = Problem.builder(status.getStatusCode(), "about:blank", reason).detail(detail);
            String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
            if (allow != null) {
                b.header(HttpHeaders.ALLOW, allow);
            }
            return b;
        }
        int status = error instanceof WebApplicationException e && e.getResponse() != null
                ? e.getResponse().getStatus() : 500;
        String title = status == 503 ? "Service Unavailable" : "Internal Server Error";
        return Problem.builder(status, "about:blank", title)
                .detail("The server could not complete the request; quote request id " + requestId
                        + " when reporting it");
    }

    private static List<Map<String, String>> errors(List<FieldError> errors) {
        return errors.stream()
                .map(e -> Map.of("field", e.field(), "message", e.message()))
                .collect(Collectors.toList());
    }
}
