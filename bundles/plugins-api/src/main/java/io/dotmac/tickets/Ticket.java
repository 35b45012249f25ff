package io.dotmac.tickets;

import java.time.Instant;

/**
 * A support ticket about a customer. {@code assigneeId} is a user of the tenant ({@code null}: unassigned);
 * {@code createdBy} the user who opened it.
 */
public record Ticket(String id, String subject, String description, String customerId, TicketPriority priority,
        TicketStatus status, String assigneeId, String createdBy, int commentCount, Instant createdAt,
        Instant updatedAt) {

    /**
     * What a client sends to open a ticket (subject, description and customer required; priority {@code NORMAL} by
     * default) or change one (every field optional; {@code assigneeId} {@code ""} unassigns).
     */
    public record Input(String subject, String description, String customerId, String priority, String status,
            String assigneeId) {
    }

    /** A comment on a ticket, by a user of the tenant. */
    public record Comment(String id, String ticketId, String authorId, String authorName, String body,
            Instant createdAt) {

        /** What a client sends: the comment's text. */
        public record Input(String body) {
        }
    }
}
