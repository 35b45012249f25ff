package io.dotmac.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import javax.ws.rs.NotAllowedException;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.LimitExceededException;
import io.dotmac.platform.api.PluginNotLicensedException;
import io.dotmac.platform.api.Tier;
import io.dotmac.platform.api.ValidationException;

class ProblemsTest {

    @Test
    void validationBecomes422WithOneErrorPerField() {
        Problem p = Problems.of(new ValidationException(List.of(new FieldError("slug", "too short"),
                new FieldError("admin.email", "not an e-mail address"))), "POST", "/api/v1/tenants", "r-1");
        assertEquals(422, p.status());
        assertEquals("Validation failed", p.body().get("title"));
        assertEquals(List.of(Map.of("field", "slug", "message", "too short"),
                Map.of("field", "admin.email", "message", "not an e-mail address")), p.body().get("errors"));
        assertEquals("/api/v1/tenants", p.body().get("instance"));
        assertEquals("r-1", p.body().get("requestId"));
        assertEquals(List.of("type", "title", "status", "detail", "instance", "requestId", "errors"),
                List.copyOf(p.body().keySet()));
    }

    @Test
    void domainExceptionsGetTheirStatus() {
        assertEquals(404, Problems.of(new io.dotmac.platform.api.NotFoundException("no tenant x"), "GET", "/a", "r")
                .status());
        Problem conflict = Problems.of(new ConflictException("slug 'acme' is taken"), "POST", "/a", "r");
        assertEquals(409, conflict.status());
        assertEquals("slug 'acme' is taken", conflict.body().get("detail"));
    }

    @Test
    void pluginNotLicensedNamesPluginAndTiersInTitleAndMembers() {
        Problem p = Problems.of(new PluginNotLicensedException("network_monitoring", Tier.PREMIUM, Tier.BASIC),
                "GET", "/api/v1/network/devices", "r");
        assertEquals(403, p.status());
        assertEquals("Plugin 'network_monitoring' requires PREMIUM tier or higher", p.body().get("title"));
        assertEquals("network_monitoring", p.body().get("plugin"));
        assertEquals("PREMIUM", p.body().get("requiredTier"));
        assertEquals("BASIC", p.body().get("currentTier"));
    }

    @Test
    void limitExceededNamesLimitAndLiftingTier() {
        Problem p = Problems.of(new LimitExceededException("customers", 100, Tier.FREE, Tier.BASIC), "POST", "/c", "r");
        assertEquals(403, p.status());
        assertEquals("customers", p.body().get("limit"));
        assertEquals(100L, p.body().get("maximum"));
        assertEquals("BASIC", p.body().get("requiredTier"));
    }

    @Test
    void unknownPathIs404AboutBlankNamingMethodAndPath() {
        Problem p = Problems.of(new NotFoundException(), "GET", "/api/v1/nope", "r");
        assertEquals(404, p.status());
        assertEquals("about:blank", p.body().get("type"));
        assertEquals("No resource at GET /api/v1/nope", p.body().get("detail"));
    }

    @Test
    void wrongMethodIs405KeepingAllow() {
        Problem p = Problems.of(new NotAllowedException("GET", new String[] {"HEAD"}), "DELETE", "/api/v1/health", "r");
        assertEquals(405, p.status());
        assertTrue(p.headers().get("Allow").contains("GET"), p.headers().toString());
    }

    @Test
    void crashIs500AndShowsNeitherMessageNorClass() {
        Problem p = Problems.of(new IllegalStateException("password=hunter2 at Foo.java:12"), "GET", "/x", "abc");
        assertEquals(500, p.status());
        String body = p.body().toString();
        assertFalse(body.contains("hunter2"), body);
        assertFalse(body.contains("IllegalStateException"), body);
        assertTrue(body.contains("abc"), body);
    }

    @Test
    void clientErrorsOfJaxRsKeepTheirStatus() {
        Problem p = Problems.of(new javax.ws.rs.NotSupportedException(), "POST", "/x", "r");
        assertEquals(415, p.status());
        assertNotEquals("HTTP 415 Unsupported Media Type", p.body().get("detail"));
        assertEquals(503, Problems.of(new javax.ws.rs.ServiceUnavailableException(), "GET", "/x", "r").status());
        assertEquals(Response.Status.BAD_REQUEST.getStatusCode(),
                Problems.of(new BadRequestBodyException("bad", List.of()), "POST", "/x", "r").status());
    }
}
