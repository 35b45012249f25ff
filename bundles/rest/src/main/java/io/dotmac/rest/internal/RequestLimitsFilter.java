package io.dotmac.rest.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ReadListener;
import javax.servlet.ServletException;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.dotmac.platform.api.UnavailableException;
import io.dotmac.rest.DotMacRest;

/**
 * Limits on what one request may cost, in front of the whole API (core and plugin endpoints alike), before any
 * JSON is parsed: a body longer than {@code maxBodyBytes} is refused with 413 problem+json (at once when its
 * {@code Content-Length} says so, otherwise as soon as the limit is passed while it is read); a body sent slower than
 * {@code minUploadBytesPerSecond} after {@code uploadGraceSeconds} gets 408, so slow uploads cannot keep the HTTP
 * threads; and at most {@code maxAnonymousRequests} requests without credentials (logins, health, anything without
 * an {@code Authorization} header) are served at once, the others get 503 problem+json with {@code Retry-After}.
 * <p>
 * Not a whiteboard filter of its own: {@link ApiGateFilter}, the one filter of the API's context, runs it, so that
 * whichever way the context is put together at boot no request passes one without the other.
 */
@Component(service = Filter.class, configurationPid = RequestLimitsFilter.PID,
        property = ApiGateFilter.LIMITS_PROPERTY + "=true")
@Designate(ocd = RequestLimitsFilter.Config.class)
public class RequestLimitsFilter implements Filter {

    static final String PID = "io.dotmac.rest";

    @ObjectClassDefinition(name = "DotMac REST limits", description = "What one request may cost")
    public @interface Config {
        @AttributeDefinition(description = "Largest request body, in bytes (413 beyond)")
        long maxBodyBytes() default 1_048_576;

        @AttributeDefinition(description = "Slowest accepted upload of a request body, in bytes per second, on "
                + "average once uploadGraceSeconds have passed (408 below); 0: no minimum")
        long minUploadBytesPerSecond() default 1024;

        @AttributeDefinition(description = "Seconds an upload may take before its rate is checked")
        long uploadGraceSeconds() default 10;

        @AttributeDefinition(description = "Requests without credentials served at once (503 beyond)")
        int maxAnonymousRequests() default 64;
    }

    private volatile Config config;
    private volatile Semaphore anonymous;

    @Activate
    @Modified
    void configure(Config config) {
        this.config = config;
        this.anonymous = new Semaphore(Math.max(1, config.maxAnonymousRequests()));
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse out = (HttpServletResponse) response;
        Config limits = config;
        Semaphore slots = anonymous;
        boolean isAnonymous = http.getHeader("Authorization") == null;
        if (isAnonymous && !slots.tryAcquire()) {
            ApiUnavailableServlet.write(http, out, new UnavailableException("Too many requests without "
                    + "credentials at once; retry in a moment"));
            return;
        }
        try {
            long declared = http.getContentLengthLong();
            if (declared > limits.maxBodyBytes()) {
                ApiUnavailableServlet.write(http, out, new BodyTooLargeException(limits.maxBodyBytes()));
                return;
            }
            chain.doFilter(new Limited(http, limits), response);
        } finally {
            if (isAnonymous) {
                slots.release();
            }
        }
    }

    /** The request with its body read through {@link LimitedBody}. */
    private static final class Limited extends HttpServletRequestWrapper {
        private final Config limits;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, Config limits) {
            super(request);
            this.limits = limits;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream original = super.getInputStream();
                LimitedBody body = new LimitedBody(original, limits.maxBodyBytes(), limits.minUploadBytesPerSecond(),
                        limits.uploadGraceSeconds() * 1000, System::currentTimeMillis);
                stream = new ServletInputStream() {
                    @Override
                    public int read() throws IOException {
                        return body.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        return body.read(b, off, len);
                    }

                    @Override
                    public boolean isFinished() {
                        return original.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return original.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        throw new UnsupportedOperationException("the API reads request bodies blocking");
                    }
                };
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            return new BufferedReader(new InputStreamReader(getInputStream(), getCharacterEncoding() == null
                    ? StandardCharsets.UTF_8.name() : getCharacterEncoding()));
        }
    }
}
