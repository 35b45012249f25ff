package io.dotmac.jetty.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

class ProblemErrorHandlerTest {

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
