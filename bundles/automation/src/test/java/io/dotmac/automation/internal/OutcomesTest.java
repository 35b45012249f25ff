package io.dotmac.automation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.dotmac.automation.RuleRun;

/** A run's log survives its JSON form, keeps details short and drops its oldest entries past the limit. */
class OutcomesTest {

    @Test
    void roundTripsThroughJsonAndStaysBounded() {
        Outcomes log = Outcomes.read("[]");
        Instant at = Instant.parse("2026-11-30T10:15:30.123Z");
        log.add(0, "create_ticket", 1, "FAILED", "x".repeat(2000), System.nanoTime(), at);
        log.add(0, "create_ticket", 2, "SUCCEEDED", "opened ticket T", System.nanoTime(), at);
        List<RuleRun.ActionOutcome> view = Outcomes.read(log.json()).view();
        assertEquals(2, view.size());
        assertEquals(Outcomes.MAX_DETAIL, view.get(0).detail().length());
        assertEquals(new RuleRun.ActionOutcome(0, "create_ticket", 2, "SUCCEEDED", "opened ticket T",
                view.get(1).durationMillis(), at), view.get(1));
        for (int i = 0; i < Outcomes.MAX_ENTRIES + 5; i++) {
            log.add(1, "call_webhook", 3, "SUCCEEDED", "d" + i, System.nanoTime(), at);
        }
        List<RuleRun.ActionOutcome> bounded = Outcomes.read(log.json()).view();
        assertEquals(Outcomes.MAX_ENTRIES, bounded.size());
        assertEquals("d" + (Outcomes.MAX_ENTRIES + 4), bounded.get(bounded.size() - 1).detail());
        assertEquals(0, Outcomes.read(null).size());
    }
}
