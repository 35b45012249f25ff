package io.dotmac.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

class RewireGapFilterTest {

    private static final int UNAVAILABLE_LENGTH = ("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\","
            + "\"status\":503,\"detail\":\"The API is being reconfigured; retry shortly\"}").length();

    /** A response that records the calls that reach it. */
    private static HttpServletResponse recording(List<String> calls, StringWriter body) {
        return (HttpServletResponse) Proxy.newProxyInstance(HttpServletResponse.class.getClassLoader(),
                new Class<?>[] { HttpServletResponse.class }, (proxy, method, args) -> {
                    calls.add(method.getName() + (args == null ? "" : " " + args[0]));
                    if (method.getName().equals("getWriter")) {
                        return new PrintWriter(body);
                    }
                    if (method.getName().equals("getOutputStream")) {
                        return new javax.servlet.ServletOutputStream() {
                            @Override
                            public void write(int b) {
                                body.write(b);
                            }

                            @Override
                            public boolean isReady() {
                                return true;
                            }

                            @Override
                            public void setWriteListener(javax.servlet.WriteListener listener) {
                                throw new UnsupportedOperationException();
                            }
                        };
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

    /** A redeployer that only counts the calls. */
    private static final class CountingRedeployer extends ApplicationRedeployer {
        final AtomicInteger calls = new AtomicInteger();

        CountingRedeployer() {
            super(null, null, 0);
        }

        @Override
        boolean redeploy(long unavailableMillis) {
            calls.incrementAndGet();
            return true;
        }
    }

    private static javax.servlet.ServletRequest request() {
        return (javax.servlet.ServletRequest) Proxy.newProxyInstance(RewireGapFilterTest.class.getClassLoader(),
                new Class<?>[] { javax.servlet.ServletRequest.class }, (proxy, method, args) -> null);
    }

    /** A chain answering CXF's "no service" for the first {@code gaps} dispatches, then a problem+json 404. */
    private static javax.servlet.FilterChain chain(int gaps, AtomicInteger dispatched) {
        return (req, res) -> {
            HttpServletResponse http = (HttpServletResponse) res;
            http.setStatus(404);
            if (dispatched.incrementAndGet() <= gaps) {
                http.setContentType("text/html");
                http.getWriter().write("<html><body>No service was found.</body></html>");
            } else {
                http.setContentType("application/problem+json");
                http.getWriter().write("{\"status\":404}");
            }
        };
    }

    @Test
    void aShortGapIsWaitedOutWithoutARedeploy() throws Exception {
        List<String> calls = new ArrayList<>();
        StringWriter body = new StringWriter();
        CountingRedeployer redeployer = new CountingRedeployer();
        AtomicInteger dispatched = new AtomicInteger();
        new RewireGapFilter(redeployer, 10_000).doFilter(request(), recording(calls, body), chain(3, dispatched));
        assertEquals(4, dispatched.get());
        assertEquals("{\"status\":404}", body.toString());
        assertEquals(List.of("setStatus 404", "setContentType application/problem+json", "getWriter"), calls);
        assertEquals(0, redeployer.calls.get());
    }

    @Test
    void anApplicationThatStaysAwayIsRedeployedAndTheClientGets503() throws Exception {
        List<String> calls = new ArrayList<>();
        StringWriter body = new StringWriter();
        CountingRedeployer redeployer = new CountingRedeployer();
        AtomicInteger dispatched = new AtomicInteger();
        new RewireGapFilter(redeployer, 50).doFilter(request(), recording(calls, body),
                chain(Integer.MAX_VALUE, dispatched));
        assertTrue(dispatched.get() > 1, "dispatched again while waiting");
        assertEquals(1, redeployer.calls.get());
        assertEquals(List.of("setStatus 503", "setHeader Retry-After", "setContentType application/problem+json",
                "setContentLength " + UNAVAILABLE_LENGTH, "getOutputStream"), calls);
        assertEquals(UNAVAILABLE_LENGTH, body.toString().length());
        assertTrue(body.toString().contains("\"status\":503"), body.toString());
    }
}
