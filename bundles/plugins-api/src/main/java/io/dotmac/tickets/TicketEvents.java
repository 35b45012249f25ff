package io.dotmac.tickets;

/**
 * The ticket events (published through {@code DomainEvents}: heard inside the transaction, then posted on EventAdmin
 * after commit). Each carries {@code tenant} and {@code tenantSlug} besides the properties listed.
 */
public final class TicketEvents {

    /**
     * A ticket was opened: {@value #TICKET_ID}, {@value #CUSTOMER_ID}, {@value #SUBJECT}, {@value #STATUS}
     * ({@code OPEN}), {@value #PRIORITY} and {@value #CREATED_BY} (a user's id, or an automation rule's).
     */
    public static final String TICKET_CREATED = "io/dotmac/tickets/TICKET_CREATED";

    /**
     * A ticket changed or was commented on: {@value #TICKET_ID}, {@value #CUSTOMER_ID}, {@value #SUBJECT},
     * {@value #STATUS}, {@value #CHANGE} ({@code UPDATED} or {@code COMMENTED}), and for a comment {@value #COMMENT}
     * and {@value #AUTHOR}.
     */
    public static final String TICKET_UPDATED = "io/dotmac/tickets/TICKET_UPDATED";

    public static final String TICKET_ID = "ticketId";
    public static final String CUSTOMER_ID = "customerId";
    public static final String SUBJECT = "subject";
    public static final String STATUS = "status";
    public static final String PRIORITY = "priority";
    public static final String CREATED_BY = "createdBy";
    public static final String CHANGE = "change";
    public static final String COMMENT = "comment";
    public static final String AUTHOR = "author";

    private TicketEvents() {
    }
}
