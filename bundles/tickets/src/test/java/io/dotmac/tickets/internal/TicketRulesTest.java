package io.dotmac.tickets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Values;
import io.dotmac.tickets.TicketPriority;
import io.dotmac.tickets.TicketStatus;

class TicketRulesTest {

    @Test
    void theLifeOfATicketAllowsOnlyItsSteps() {
        assertEquals(Set.of(TicketStatus.IN_PROGRESS), TicketStatus.OPEN.next());
        assertEquals(Set.of(TicketStatus.RESOLVED), TicketStatus.IN_PROGRESS.next());
        assertEquals(Set.of(TicketStatus.CLOSED, TicketStatus.OPEN), TicketStatus.RESOLVED.next());
        assertEquals(Set.of(), TicketStatus.CLOSED.next());
    }

    @Test
    void textsAreTrimmedAndBounded() {
        List<FieldError> errors = new ArrayList<>();
        assertEquals("No signal", TicketRegistry.text("  No signal \n", "subject", 200, errors));
        assertNull(TicketRegistry.text("   ", "subject", 200, errors));
        assertNull(TicketRegistry.text("x".repeat(201), "subject", 200, errors));
        assertEquals(TicketPriority.URGENT, Values.oneOf(TicketPriority.class, "URGENT", "priority", errors));
        assertNull(Values.oneOf(TicketPriority.class, "urgent!", "priority", errors));
        assertEquals(List.of("subject", "subject", "priority"), errors.stream().map(FieldError::field).toList());
    }
}
