package io.dotmac.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import javax.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

class RewireGapFilterTest {

    /** A response that records the calls that reach it. */
    private static HttpServletResponse recording(List<String> calls, StringWriter body) {
        return (HttpServletResponse) Proxy.newProxyInstance(HttpServletResponse.class.getClassLoader(),
                new Class<?>[] { HttpServletResponse.class }, (proxy, method, args) -> {
                    calls.add(method.getName() + (args == null ? "" : " " + args[0]));
                    if (method.getName().equals("getWriter")) {
                        return new PrintWriter(body);
                    }
                    if (method.getReturnType() == boolean.class) {
                        return false;
                    }
                    return null;
                });
    }

    @Test
    void cxfNoServiceAnswerIsSwallowedAsAGap() throws Exception {
        List<String> calls = new ArrayList<>();
        StringWriter body = new StringWriter();
        RewireGapFilter.GapDetector d = new RewireGapFilter.GapDetector(recording(calls, body));
        d.setStatus(404);
        d.setContentType("text/html");
        d.getWriter().write("<html><body>No service was found.</body></html>");
        assertTrue(d.gap);
        assertEquals(List.of(), calls);
        assertEquals("", body.toString());
    }

    @Test
    void problemJson404PassesThrough() throws Exception {
        List<String> calls = new ArrayList<>();
        StringWriter body = new StringWriter();
        RewireGapFilter.GapDetector d = new RewireGapFilter.GapDetector(recording(calls, body));
        d.setStatus(404);
        d.setHeader("X-Request-ID", "abc");
        d.setContentType("application/problem+json");
        d.getWriter().write("{}");
        d.getWriter().flush();
        assertFalse(d.gap);
        assertEquals(List.of("setStatus 404", "setHeader X-Request-ID", "setContentType application/problem+json",
                "getWriter", "getWriter"), calls);
        assertEquals("{}", body.toString());
    }

    @Test
    void otherStatusesAreNotHeldBack() {
        List<String> calls = new ArrayList<>();
        RewireGapFilter.GapDetector d = new RewireGapFilter.GapDetector(recording(calls, new StringWriter()));
        d.setStatus(200);
        d.setContentType("text/html");
        assertFalse(d.gap);
        assertEquals(List.of("setStatus 200", "setContentType text/html"), calls);
    }

    @Test
    void onlyCxfsObserverNullPointerCountsAsVanished() {
        NullPointerException inCxf = new NullPointerException("this.incomingObserver is null");
        inCxf.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("org.apache.cxf.transport.http.AbstractHTTPDestination", "invoke", "x", 1) });
        assertTrue(RewireGapFilter.observerVanished(new RuntimeException(inCxf)));
        NullPointerException elsewhere = new NullPointerException();
        elsewhere.setStackTrace(new StackTraceElement[] { new StackTraceElement("io.dotmac.X", "y", "x", 1) });
        assertFalse(RewireGapFilter.observerVanished(elsewhere));
        NullPointerException fastThrown = new NullPointerException();
        fastThrown.setStackTrace(new StackTraceElement[0]);
        assertTrue(RewireGapFilter.observerVanished(new javax.servlet.ServletException(fastThrown)));
        assertFalse(RewireGapFilter.observerVanished(new IllegalStateException("no")));
    }
}
