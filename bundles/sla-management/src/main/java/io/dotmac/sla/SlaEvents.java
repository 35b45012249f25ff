package io.dotmac.sla;

/**
 * EventAdmin topics of sla_management, posted once the breach is stored (once per breach and month). Every event
 * carries the tenant ({@code tenant}, {@code tenantSlug}) and the properties below.
 */
public final class SlaEvents {

    /** An SLA was breached: a subscription's monthly availability, or a ticket's response or resolution time. */
    public static final String SLA_BREACHED = "io/dotmac/sla/SLA_BREACHED";

    public static final String SLA_ID = "slaId";
    public static final String SLA_NAME = "slaName";
    /** {@code AVAILABILITY}, {@code FIRST_RESPONSE} or {@code RESOLUTION}. */
    public static final String KIND = "kind";
    /** The subscription (availability) or the ticket (response, resolution). */
    public static final String SUBJECT_ID = "subjectId";
    public static final String CUSTOMER_ID = "customerId";
    /** {@code yyyy-MM} (UTC). */
    public static final String MONTH = "month";
    /** The availability in percent, or the minutes it took (or has taken so far). */
    public static final String MEASURED = "measured";
    /** The target: percent, or minutes. */
    public static final String TARGET = "target";
    /** The credit for the next invoice, a decimal in {@link #CURRENCY}; {@code "0"} when none. */
    public static final String CREDIT = "credit";
    public static final String CURRENCY = "currency";

    private SlaEvents() {
    }
}
