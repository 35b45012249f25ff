package io.dotmac.integrations.internal;

import java.util.List;

/**
 * The topics of our events a webhook may subscribe to (the constants of BillingEvents, TicketEvents, CustomerEvents,
 * NetworkEvents and SlaEvents, named here so that this plugin needs none of those bundles), or a prefix of them ending in
 * {@code /*}.
 */
final class Topics {

    static final List<String> KNOWN = List.of("io/dotmac/billing/INVOICE_ISSUED", "io/dotmac/billing/PAYMENT_RECEIVED",
            "io/dotmac/billing/PAYMENT_OVERDUE", "io/dotmac/billing/SERVICE_RESUMED",
            "io/dotmac/billing/CREDIT_NOTE_ISSUED", "io/dotmac/billing/PAYMENT_REFUNDED",
            "io/dotmac/tickets/TICKET_CREATED", "io/dotmac/tickets/TICKET_UPDATED",
            "io/dotmac/customers/CUSTOMER_CREATED", "io/dotmac/customers/CUSTOMER_TAGGED",
            "io/dotmac/network/DEVICE_DOWN", "io/dotmac/network/DEVICE_UP", "io/dotmac/network/INTERFACE_DOWN",
            "io/dotmac/network/INTERFACE_UP", "io/dotmac/sla/SLA_BREACHED");

    private Topics() {
    }

    /** Whether {@code pattern} is a known topic or a {@code /*} prefix of one. */
    static boolean valid(String pattern) {
        if (pattern.endsWith("/*")) {
            String prefix = pattern.substring(0, pattern.length() - 1);
            return KNOWN.stream().anyMatch(t -> t.startsWith(prefix));
        }
        return KNOWN.contains(pattern);
    }

    /** Whether {@code topic} is one of {@code patterns}. */
    static boolean matches(List<String> patterns, String topic) {
        for (String p : patterns) {
            if (p.endsWith("/*") ? topic.startsWith(p.substring(0, p.length() - 1)) : p.equals(topic)) {
                return true;
            }
        }
        return false;
    }
}
