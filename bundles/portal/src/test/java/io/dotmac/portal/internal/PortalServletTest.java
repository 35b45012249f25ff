package io.dotmac.portal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class PortalServletTest {

    @Test
    void theContentSecurityPolicyAllowsNoInlineCodeAndNoOtherOrigin() {
        assertFalse(PortalServlet.CSP.contains("unsafe-"));
        assertFalse(PortalServlet.CSP.contains("*"));
        assertFalse(PortalServlet.CSP.contains("http"));
    }

    @Test
    void aProblemsDetailIsEscapedAsJson() {
        assertEquals("No file \\\"a\\\\b\\\" \\u000a", PortalServlet.json("No file \"a\\b\" \n"));
    }
}
