package io.dotmac.jetty.problems;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * The server's error handler: what Jetty answers itself, before any servlet or filter, as RFC 9457
 * {@code application/problem+json} like every other error of the API, instead of an HTML page. That is a request
 * Jetty cannot parse or will not take ({@link #badMessageError}: 431 for headers too large, 400 for a bad or
 * ambiguous URI such as a {@code %00} in the path, 414, 505, ...) and an error of a request no context took
 * ({@link #generateAcceptableResponse}). The detail is Jetty's reason, never a stack trace. Stateless: Jetty writes
 * the body straight to the connection.
 * <p>
 * A request under {@code /api} that no context took is not a 404: the API's context is there whenever the API is
 * (its own servlets answer 503 while the application is not deployed), so such a request came in the few
 * milliseconds between Jetty opening its port at boot and Pax Web adding the contexts, or while they are taken down
 * at shutdown. It gets the same 503 with {@code Retry-After} the API answers while starting, so a client polling
 * health never sees 404 during boot.
 */
public class ProblemErrorHandler extends ErrorHandler {

    static final String TYPE = "application/problem+json";
    static final String API_PATH = "/api";
    static final String UNAVAILABLE_TYPE = "urn:dotmac:problem:unavailable";
    static final String RETRY_AFTER_SECONDS = "1";

    public ProblemErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
        fields.put(HttpHeader.CONTENT_TYPE, TYPE);
        return ByteBuffer.wrap(problem(status, reason).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
            HttpServletResponse response, int code, String message) throws IOException {
        baseRequest.setHandled(true);
        String problem;
        if (code == HttpStatus.NOT_FOUND_404 && request.getAttribute(ERROR_CONTEXT) == null
                && underApi(request.getRequestURI())) {
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE_503);
            response.setHeader(HttpHeader.RETRY_AFTER.asString(), RETRY_AFTER_SECONDS);
            response.setHeader(HttpHeader.CACHE_CONTROL.asString(), "no-store");
            problem = problem(UNAVAILABLE_TYPE, HttpStatus.SERVICE_UNAVAILABLE_503,
                    "DotMac is starting (or its API is stopped); retry shortly");
        } else {
            problem = problem(code, message);
        }
        response.setContentType(TYPE);
        response.setCharacterEncoding("UTF-8");
        byte[] body = problem.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The problem document of {@code status}, with {@code reason} (Jetty's words) as its detail when there is one. */
    static String problem(int status, String reason) {
        return problem("about:blank", status, reason);
    }

    /** The problem document of {@code type} and {@code status}, with {@code reason} as its detail when there is one. */
    static String problem(String type, int status, String reason) {
        String title = HttpStatus.getMessage(status);
        StringBuilder json = new StringBuilder(160).append("{\"type\":");
        string(json, type);
        json.append(",\"title\":");
        string(json, title == null ? "Error" : title);
        json.append(",\"status\":").append(status);
        if (reason != null && !reason.isBlank() && !reason.equals(title)) {
            json.append(",\"detail\":");
            string(json, reason.length() > 300 ? reason.substring(0, 300) + "..." : reason);
        }
        return json.append('}').toString();
    }

    /** Whether {@code uri} (a request's path, not decoded) is {@code /api} or below it. */
    static boolean underApi(String uri) {
        return uri != null && uri.startsWith(API_PATH)
                && (uri.length() == API_PATH.length() || uri.charAt(API_PATH.length()) == '/');
    }

    /** A JSON string: quotes, backslashes and control characters escaped. */
    static void string(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
