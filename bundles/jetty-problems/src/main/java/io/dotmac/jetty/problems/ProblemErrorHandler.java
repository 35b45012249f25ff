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
 */
public class ProblemErrorHandler extends ErrorHandler {

    static final String TYPE = "application/problem+json";

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
        response.setContentType(TYPE);
        response.setCharacterEncoding("UTF-8");
        byte[] body = problem(code, message).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The problem document of {@code status}, with {@code reason} (Jetty's words) as its detail when there is one. */
    static String problem(int status, String reason) {
        String title = HttpStatus.getMessage(status);
        StringBuilder json = new StringBuilder(160).append("{\"type\":\"about:blank\",\"title\":");
        string(json, title == null ? "Error" : title);
        json.append(",\"status\":").append(status);
        if (reason != null && !reason.isBlank() && !reason.equals(title)) {
            json.append(",\"detail\":");
            string(json, reason.length() > 300 ? reason.substring(0, 300) + "..." : reason);
        }
        return json.append('}').toString();
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
