package io.dotmac.tickets;

public enum TicketPriority {
    LOW, NORMAL, HIGH, URGENT
}
