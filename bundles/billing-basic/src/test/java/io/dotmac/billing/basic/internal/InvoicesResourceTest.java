package io.dotmac.billing.basic.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import javax.ws.rs.core.MediaType;

import org.junit.jupiter.api.Test;

class InvoicesResourceTest {

    private static List<MediaType> accept(String... types) {
        return java.util.Arrays.stream(types).map(t -> new MediaType(t.split("/")[0], t.split("/")[1])).toList();
    }

    @Test
    void jsonUnlessPdfIsPreferred() {
        assertFalse(InvoicesResource.wantsPdf(accept()));
        assertFalse(InvoicesResource.wantsPdf(accept("*/*")));
        assertFalse(InvoicesResource.wantsPdf(accept("application/*", "application/pdf")));
        assertFalse(InvoicesResource.wantsPdf(accept("application/json", "application/pdf")));
        assertTrue(InvoicesResource.wantsPdf(accept("application/pdf")));
        assertTrue(InvoicesResource.wantsPdf(accept("application/pdf", "*/*")));
        assertTrue(InvoicesResource.wantsPdf(accept("text/html", "application/pdf", "application/json")));
    }
}
