package io.dotmac.rest.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletOutputStream;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

/**
 * Closes the last gap at start-up: the JAX-RS whiteboard creates the application's HTTP context and servlet a moment
 * before CXF has published the application in it, and a request in between got CXF's HTML "No service was found"
 * 404. This filter sits in front of that servlet. Until a request is seen to reach the application (its request-id
 * filter marks every request it sees), it holds each answer back and, when the request never reached the
 * application, answers 503 problem+json with {@code Retry-After} instead, as {@link ApiUnavailableServlet} does
 * while there is no application at all. Once the application has answered, the filter only passes requests on; a
 * new context (the application deployed again) starts a new filter instance.
 * <p>
 * It is the only whiteboard filter of the API's context and runs {@link RequestLimitsFilter} (a plain service of
 * this bundle, {@link #LIMITS_PROPERTY}) inside itself: with two filters Pax Web may start the context with the
 * limits alone for a moment, and a request then got the context's HTML 404. Until the limits filter is there, a
 * request gets the same 503.
 */
final class ApiGateFilter implements Filter {

    /** The service property that marks this bundle's request-limits filter, which the gate runs. */
    static final String LIMITS_PROPERTY = "io.dotmac.rest.request-limits";

    /** The servlet request attribute {@link RequestIdFilter} sets on every request that reaches the application. */
    static final String REACHED = "io.dotmac.rest.reached";

    private final Supplier<Filter> limits;
    private volatile boolean deployed;

    /** A gate running the filter {@code limits} gives (null while there is none) in front of the application. */
    ApiGateFilter(Supplier<Filter> limits) {
        this.limits = limits;
    }

    @Override
    public void init(FilterConfig config) {
        deployed = false;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Filter limiting = limits.get();
        if (limiting == null) {
            ApiUnavailableServlet.answer((HttpServletRequest) request, (HttpServletResponse) response);
            return;
        }
        if (deployed) {
            limiting.doFilter(request, response, chain);
            return;
        }
        HttpServletResponse http = (HttpServletResponse) response;
        Held held = new Held(http);
        limiting.doFilter(request, held, chain);
        if (request.getAttribute(REACHED) != null) {
            deployed = true;
            held.release();
            return;
        }
        http.reset();
        ApiUnavailableServlet.answer((HttpServletRequest) request, http);
    }

    @Override
    public void destroy() {
        // nothing held
    }

    /** A response whose status and body are kept until {@link #release()}; headers go through. */
    private static final class Held extends HttpServletResponseWrapper {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int status = SC_OK;
        private PrintWriter writer;
        private final ServletOutputStream stream = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                body.write(b, off, len);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException("held responses are written blocking");
            }
        };

        Held(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setStatus(int sc) {
            status = sc;
        }

        @Override
        public void sendError(int sc) {
            status = sc;
        }

        @Override
        public void sendError(int sc, String msg) {
            status = sc;
        }

        @Override
        public int getStatus() {
            return status;
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return stream;
        }

        @Override
        public PrintWriter getWriter() {
            if (writer == null) {
                String charset = getCharacterEncoding();
                writer = new PrintWriter(new OutputStreamWriter(stream,
                        charset == null ? StandardCharsets.ISO_8859_1 : java.nio.charset.Charset.forName(charset)));
            }
            return writer;
        }

        @Override
        public void flushBuffer() {
            if (writer != null) {
                writer.flush();
            }
        }

        @Override
        public void setContentLength(int len) {
            // set on release, from what was written
        }

        @Override
        public void setContentLengthLong(long len) {
            // set on release, from what was written
        }

        @Override
        public boolean isCommitted() {
            return false;
        }

        void release() throws IOException {
            flushBuffer();
            HttpServletResponse real = (HttpServletResponse) getResponse();
            real.setStatus(status);
            real.setContentLength(body.size());
            body.writeTo(real.getOutputStream());
        }
    }
}
