package io.dotmac.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HttpMetricsTest {

    @Test
    void routeTemplatesLoseTheirVariablesRegularExpressions() {
        assertEquals("reports/{report}", HttpMetrics.withoutRegex("reports/{report: revenue|ageing|tickets}"));
        assertEquals("{id}/lines/{n}", HttpMetrics.withoutRegex("{id}/lines/{ n : [0-9]{1,3} }"));
        assertEquals("customers/{id}", HttpMetrics.withoutRegex("customers/{id}"));
    }

    @Test
    void pathsAreJoinedWithOneSlash() {
        assertEquals("/api/v1/customers", HttpMetrics.join("/api", "v1/customers"));
        assertEquals("/api/v1/customers", HttpMetrics.join("/api/", "/v1/customers/"));
        assertEquals("/api/v1", HttpMetrics.join("/api/v1", ""));
    }
}
