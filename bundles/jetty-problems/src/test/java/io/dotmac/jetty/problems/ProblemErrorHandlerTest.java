package io.dotmac.jetty.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.junit.jupiter.api.Test;

class ProblemErrorHandlerTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void anApiRequestNoContextTookIs503WithRetryAfterAndAnyOtherIs404() throws Exception {
        // a server as Pax Web has it in the moment between opening its port and adding the contexts: none yet
        Server server = server(new ContextHandlerCollection());
        try {
            HttpResponse<String> api = get(server, "/api/v1/health");
            assertEquals(503, api.statusCode());
            assertEquals("1", api.headers().firstValue("Retry-After").orElse(null));
            assertEquals("no-store", api.headers().firstValue("Cache-Control").orElse(null));
            assertTrue(api.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertEquals("{\"type\":\"urn:dotmac:problem:unavailable\",\"title\":\"Service Unavailable\","
                    + "\"status\":503,\"detail\":\"DotMac is starting (or its API is stopped); retry shortly\"}",
                    api.body());
            assertEquals(503, get(server, "/api").statusCode());

            HttpResponse<String> other = get(server, "/apis/v1/health");
            assertEquals(404, other.statusCode());
            assertFalse(other.headers().firstValue("Retry-After").isPresent());
            assertEquals("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404}", other.body());
        } finally {
            server.stop();
        }
    }

    @Test
    void aNotFoundFromInsideTheApiContextStaysA404() throws Exception {
        ContextHandler api = new ContextHandler("/api");
        api.setHandler(new AbstractHandler() {
            @Override
            public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                    throws java.io.IOException {
                base.setHandled(true);
                response.sendError(404);
            }
        });
        Server server = server(new ContextHandlerCollection(api));
        try {
            HttpResponse<String> response = get(server, "/api/v1/customers/nope");
            assertEquals(404, response.statusCode());
            assertFalse(response.headers().firstValue("Retry-After").isPresent());
        } finally {
            server.stop();
        }
    }

    private static Server server(ContextHandlerCollection contexts) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(contexts);
        server.setErrorHandler(new ProblemErrorHandler());
        server.start();
        return server;
    }

    private static HttpResponse<String> get(Server server, String path) throws Exception {
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBadMessageIsAProblemDocumentWithJettysReasonEscaped() {
        HttpFields fields = new HttpFields();
        java.nio.ByteBuffer body = new ProblemErrorHandler().badMessageError(400, "Ambiguous \"path\"\u0000 \\", fields);
        assertEquals("application/problem+json", fields.get("Content-Type"));
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                + "\"detail\":\"Ambiguous \\\"path\\\"\\u0000 \\\\\"}", StandardCharsets.UTF_8.decode(body).toString());
    }

    @Test
    void withoutAReasonThereIsNoDetail() {
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Request Header Fields Too Large\",\"status\":431}",
                ProblemErrorHandler.problem(431, null));
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Request Header Fields Too Large\",\"status\":431}",
                ProblemErrorHandler.problem(431, "Request Header Fields Too Large"));
    }
}
