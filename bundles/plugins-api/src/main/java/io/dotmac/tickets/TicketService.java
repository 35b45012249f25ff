package io.dotmac.tickets;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.Caller;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;

/**
 * A tenant's support tickets. Every call is scoped to {@code tenant}; a status change the life of a ticket does not
 * allow, or any change to a {@code CLOSED} ticket, is a {@link io.dotmac.platform.api.ConflictException}.
 */
@ProviderType
public interface TicketService {

    /** Opens a ticket for an existing, not closed customer; {@code by} is recorded as its creator. */
    Ticket create(TenantRef tenant, Caller by, Ticket.Input ticket);

    Ticket get(TenantRef tenant, String id);

    /** Tickets in id order; each filter applies when not {@code null}. */
    Page<Ticket> list(TenantRef tenant, TicketStatus status, TicketPriority priority, String assigneeId,
            String customerId, int limit, String cursor);

    /** Changes subject, description, priority, status or assignee (an active user of the tenant). */
    Ticket update(TenantRef tenant, String id, Ticket.Input changes);

    /** Adds a comment by {@code by}; not on a closed ticket. */
    Ticket.Comment comment(TenantRef tenant, Caller by, String ticketId, Ticket.Comment.Input comment);

    /** A ticket's comments, oldest first. */
    List<Ticket.Comment> comments(TenantRef tenant, String ticketId);

    /**
     * The tickets opened in {@code [from, to)}, oldest first, with when they were first answered (their first
     * comment) and resolved ({@code null}: not yet), for measuring response and resolution times.
     */
    List<Timing> timings(TenantRef tenant, java.time.Instant from, java.time.Instant to);

    /** A ticket's times: opened, first answered, resolved (each later one {@code null} while it has not happened). */
    record Timing(String ticketId, String customerId, TicketPriority priority, java.time.Instant createdAt,
            java.time.Instant firstResponseAt, java.time.Instant resolvedAt) {
    }
}
