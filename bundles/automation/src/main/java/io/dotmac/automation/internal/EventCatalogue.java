package io.dotmac.automation.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The events a rule can be triggered by and the fields each carries, with their types (conditions on a number or a
 * date compare by value). The names are those of BillingEvents, TicketEvents, CustomerEvents and NetworkEvents,
 * written here so that this plugin needs none of those bundles running to validate a rule.
 */
final class EventCatalogue {

    /** A field's type. */
    enum Type {
        TEXT, NUMBER, DATE, BOOLEAN, LIST
    }

    /** The event of a cron trigger. */
    static final String SCHEDULED = "io/dotmac/automation/SCHEDULED";

    static final Map<String, Map<String, Type>> TOPICS = new LinkedHashMap<>();

    static {
        topic("io/dotmac/billing/INVOICE_ISSUED", "invoiceId", Type.TEXT, "number", Type.TEXT, "customerId",
                Type.TEXT, "total", Type.NUMBER, "currency", Type.TEXT, "dueDate", Type.DATE, "runId", Type.TEXT,
                "subscriptionId", Type.TEXT);
        topic("io/dotmac/billing/PAYMENT_RECEIVED", "invoiceId", Type.TEXT, "number", Type.TEXT, "customerId",
                Type.TEXT, "paymentId", Type.TEXT, "amount", Type.NUMBER, "currency", Type.TEXT, "balance",
                Type.NUMBER, "paid", Type.BOOLEAN);
        topic("io/dotmac/billing/PAYMENT_OVERDUE", "invoiceId", Type.TEXT, "number", Type.TEXT, "customerId",
                Type.TEXT, "balance", Type.NUMBER, "currency", Type.TEXT, "dueDate", Type.DATE, "daysOverdue",
                Type.NUMBER, "step", Type.NUMBER, "action", Type.TEXT);
        topic("io/dotmac/billing/SERVICE_RESUMED", "customerId", Type.TEXT, "subscriptionIds", Type.LIST);
        topic("io/dotmac/billing/CREDIT_NOTE_ISSUED", "creditNoteId", Type.TEXT, "number", Type.TEXT, "invoiceId",
                Type.TEXT, "customerId", Type.TEXT, "total", Type.NUMBER, "currency", Type.TEXT, "refunded",
                Type.NUMBER, "balance", Type.NUMBER);
        topic("io/dotmac/billing/PAYMENT_REFUNDED", "invoiceId", Type.TEXT, "number", Type.TEXT, "customerId",
                Type.TEXT, "paymentId", Type.TEXT, "amount", Type.NUMBER, "currency", Type.TEXT, "balance",
                Type.NUMBER);
        topic("io/dotmac/tickets/TICKET_CREATED", "ticketId", Type.TEXT, "customerId", Type.TEXT, "subject",
                Type.TEXT, "status", Type.TEXT, "priority", Type.TEXT, "createdBy", Type.TEXT);
        topic("io/dotmac/tickets/TICKET_UPDATED", "ticketId", Type.TEXT, "customerId", Type.TEXT, "subject",
                Type.TEXT, "status", Type.TEXT, "change", Type.TEXT, "comment", Type.TEXT, "author", Type.TEXT);
        topic("io/dotmac/customers/CUSTOMER_CREATED", "customerId", Type.TEXT, "name", Type.TEXT, "email",
                Type.TEXT);
        topic("io/dotmac/customers/CUSTOMER_TAGGED", "customerId", Type.TEXT, "tag", Type.TEXT, "change", Type.TEXT);
        for (String t : new String[] { "DEVICE_DOWN", "DEVICE_UP" }) {
            topic("io/dotmac/network/" + t, "device", Type.TEXT, "deviceName", Type.TEXT, "address", Type.TEXT,
                    "reason", Type.TEXT);
        }
        for (String t : new String[] { "INTERFACE_DOWN", "INTERFACE_UP" }) {
            topic("io/dotmac/network/" + t, "device", Type.TEXT, "deviceName", Type.TEXT, "address", Type.TEXT,
                    "ifIndex", Type.NUMBER, "ifName", Type.TEXT);
        }
        topic("io/dotmac/sla/SLA_BREACHED", "slaId", Type.TEXT, "slaName", Type.TEXT, "kind", Type.TEXT, "subjectId",
                Type.TEXT, "customerId", Type.TEXT, "month", Type.TEXT, "measured", Type.NUMBER, "target", Type.NUMBER,
                "credit", Type.NUMBER, "currency", Type.TEXT);
        topic(SCHEDULED, "scheduledAt", Type.TEXT);
    }

    private EventCatalogue() {
    }

    private static void topic(String topic, Object... fields) {
        Map<String, Type> m = new LinkedHashMap<>();
        m.put("tenantSlug", Type.TEXT);
        for (int i = 0; i < fields.length; i += 2) {
            m.put((String) fields[i], (Type) fields[i + 1]);
        }
        TOPICS.put(topic, java.util.Collections.unmodifiableMap(m)); // in the order written: a form lists them so
    }

    /** The fields of {@code topic}, or {@code null} when it is not one of ours. */
    static Map<String, Type> fields(String topic) {
        return TOPICS.get(topic);
    }

    /** The topics rules may name (the scheduled one is a cron trigger's, not named). */
    static java.util.List<String> triggerTopics() {
        return TOPICS.keySet().stream().filter(t -> !t.equals(SCHEDULED)).toList();
    }
}
