package io.dotmac.rest.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletOutputStream;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import io.dotmac.rest.DotMacRest;

/**
 * Hides the moment the JAX-RS whiteboard rebuilds the DotMac application. Aries JAX-RS 2.0.2 destroys the
 * application's CXF server and builds a new one whenever a resource or extension joins or leaves it (a plugin
 * installed or removed); a request arriving in between gets CXF's bare {@code 404 text/html "No service was
 * found"}, or, in a narrower window, a {@code NullPointerException} from CXF. This servlet filter, in front of
 * the application's servlet, recognises exactly those (our application never answers {@code text/html}),
 * discards it and dispatches the request again once the new server is up, for up to {@value #MAX_WAIT_MILLIS}
 * ms. CXF gives that answer before reading the request body, so dispatching again is safe for every method.
 * Other answers pass through untouched and unbuffered. When the application stays away that long, the whiteboard
 * has lost it: the filter answers 503 and asks the {@link ApplicationRedeployer} to bring it back.
 */
@Component(service = Filter.class, immediate = true)
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=context.for" + DotMacRest.APPLICATION_NAME + ")")
public class RewireGapFilter implements Filter {

    static final long MAX_WAIT_MILLIS = 10_000;
    private static final long PAUSE_MILLIS = 5;

    private final LongAdder retried = new LongAdder();
    private final ApplicationRedeployer redeployer;
    private final long maxWaitNanos;

    @Activate
    public RewireGapFilter(@Reference ApplicationRedeployer redeployer) {
        this(redeployer, MAX_WAIT_MILLIS);
    }

    RewireGapFilter(ApplicationRedeployer redeployer, long maxWaitMillis) {
        this.redeployer = redeployer;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(response instanceof HttpServletResponse http)) {
            chain.doFilter(request, response);
            return;
        }
        long deadline = System.nanoTime() + maxWaitNanos;
        while (true) {
            GapDetector detector = new GapDetector(http);
            try {
                chain.doFilter(request, detector);
            } catch (RuntimeException | ServletException e) {
                if (!observerVanished(e) || http.isCommitted()) {
                    throw e;
                }
                detector.gap = true;
            }
            if (!detector.gap) {
                return;
            }
            if (System.nanoTime() > deadline) {
                redeployer.redeploy(TimeUnit.NANOSECONDS.toMillis(maxWaitNanos));
                unavailable(http);
                return;
            }
            retried.increment();
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unavailable(http);
                return;
            }
        }
    }

    private static void unavailable(HttpServletResponse http) throws IOException {
        http.setStatus(503);
        http.setHeader("Retry-After", "5");
        http.setContentType(DotMacRest.PROBLEM_JSON);
        // bytes, not a writer: a writer makes the container add a charset (JSON is UTF-8 by definition)
        byte[] body = ("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                + "\"detail\":\"The API is being reconfigured; retry shortly\"}").getBytes(StandardCharsets.UTF_8);
        http.setContentLength(body.length);
        http.getOutputStream().write(body);
    }

    /**
     * Whether CXF failed because the server was destroyed between its check for a message observer and its use:
     * a {@code NullPointerException} in {@code AbstractHTTPDestination}, before the request is read. Once the JIT
     * has seen it often, it throws it without a stack trace; an application error never escapes as one (the
     * application's exception mapper answers those), so a trace-less one counts too.
     */
    static boolean observerVanished(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NullPointerException) {
                StackTraceElement[] trace = t.getStackTrace();
                return trace.length == 0 || trace[0].getClassName().endsWith(".AbstractHTTPDestination");
            }
        }
        return false;
    }

    /** Requests dispatched again so far. */
    long retried() {
        return retried.sum();
    }

    /**
     * Passes everything through, except a {@code 404} immediately followed by a {@code text/html} content type:
     * CXF's "no service" answer, which it swallows. A {@code 404} is held back until the next call shows which it is.
     */
    static final class GapDetector extends HttpServletResponseWrapper {
        boolean gap;
        private boolean pending404;

        GapDetector(HttpServletResponse response) {
            super(response);
        }

        private void release() {
            if (pending404) {
                pending404 = false;
                super.setStatus(404);
            }
        }

        @Override
        public void setStatus(int sc) {
            if (gap) {
                return;
            }
            if (sc == 404) {
                pending404 = true;
                return;
            }
            release();
            super.setStatus(sc);
        }

        @Override
        public void setContentType(String type) {
            if (gap) {
                return;
            }
            if (pending404 && type != null && type.startsWith("text/html")) {
                gap = true;
                pending404 = false;
                return;
            }
            release();
            super.setContentType(type);
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (gap) {
                return new PrintWriter(Writer.nullWriter());
            }
            release();
            return super.getWriter();
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (gap) {
                return new DiscardingStream();
            }
            release();
            return super.getOutputStream();
        }

        @Override
        public void setHeader(String name, String value) {
            if (!gap) {
                release();
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!gap) {
                release();
                super.addHeader(name, value);
            }
        }

        @Override
        public void setIntHeader(String name, int value) {
            if (!gap) {
                release();
                super.setIntHeader(name, value);
            }
        }

        @Override
        public void addIntHeader(String name, int value) {
            if (!gap) {
                release();
                super.addIntHeader(name, value);
            }
        }

        @Override
        public void setDateHeader(String name, long date) {
            if (!gap) {
                release();
                super.setDateHeader(name, date);
            }
        }

        @Override
        public void addDateHeader(String name, long date) {
            if (!gap) {
                release();
                super.addDateHeader(name, date);
            }
        }

        @Override
        public void setContentLength(int len) {
            if (!gap) {
                release();
                super.setContentLength(len);
            }
        }

        @Override
        public void setContentLengthLong(long len) {
            if (!gap) {
                release();
                super.setContentLengthLong(len);
            }
        }

        @Override
        public void setCharacterEncoding(String charset) {
            if (!gap) {
                release();
                super.setCharacterEncoding(charset);
            }
        }

        @Override
        public void flushBuffer() throws IOException {
            if (!gap) {
                release();
                super.flushBuffer();
            }
        }

        @Override
        public void sendError(int sc) throws IOException {
            release();
            super.sendError(sc);
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            release();
            super.sendError(sc, msg);
        }

        @Override
        public void sendRedirect(String location) throws IOException {
            release();
            super.sendRedirect(location);
        }
    }

    private static final class DiscardingStream extends ServletOutputStream {
        private final OutputStream sink = OutputStream.nullOutputStream();

        @Override
        public void write(int b) throws IOException {
            sink.write(b);
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
        }
    }
}
