package io.dotmac.snmp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class InFlightLimitTest {

    @Test
    void waitingSendersRunInOrderAsSlotsFree() {
        InFlightLimit limit = new InFlightLimit(2);
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            limit.submit(() -> ran.add(n));
        }
        assertEquals(List.of(0, 1), ran);
        assertEquals(2, limit.inFlight());
        assertEquals(3, limit.waiting());
        limit.release();
        assertEquals(List.of(0, 1, 2), ran);
        assertEquals(2, limit.inFlight(), "the freed slot went to the next sender");
        limit.release();
        limit.release();
        limit.release();
        limit.release();
        assertEquals(List.of(0, 1, 2, 3, 4), ran);
        assertEquals(0, limit.inFlight());
        assertEquals(0, limit.waiting());
    }
}
