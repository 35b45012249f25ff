package io.dotmac.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class RequestIdFilterTest {

    @Test
    void saneIdsAreEchoed() {
        assertEquals("abc-123_x.y:z", RequestIdFilter.requestId("abc-123_x.y:z"));
        String max = "a".repeat(128);
        assertEquals(max, RequestIdFilter.requestId(max));
    }

    @Test
    void missingOrInsaneIdsAreReplacedByAUuid() {
        for (String bad : new String[] {null, "", "a".repeat(129), "x\r\nSet-Cookie: y", "<script>", "a b"}) {
            String id = RequestIdFilter.requestId(bad);
            assertNotEquals(bad, id);
            UUID.fromString(id);
        }
    }
}
