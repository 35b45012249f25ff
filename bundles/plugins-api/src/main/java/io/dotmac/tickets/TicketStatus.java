package io.dotmac.tickets;

import java.util.Set;

/** A ticket's life: {@code OPEN → IN_PROGRESS → RESOLVED → CLOSED}; a {@code RESOLVED} ticket may be reopened. */
public enum TicketStatus {
    OPEN, IN_PROGRESS, RESOLVED, CLOSED;

    /** The statuses a ticket in this one may move to. */
    public Set<TicketStatus> next() {
        return switch (this) {
            case OPEN -> Set.of(IN_PROGRESS);
            case IN_PROGRESS -> Set.of(RESOLVED);
            case RESOLVED -> Set.of(CLOSED, OPEN);
            case CLOSED -> Set.of();
        };
    }
}
