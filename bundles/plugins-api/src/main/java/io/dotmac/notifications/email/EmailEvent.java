package io.dotmac.notifications.email;

import java.util.Locale;

/** What a notification is about; each has a template per tenant (or the default). */
public enum EmailEvent {
    /** An invoice was issued; the invoice is attached as a PDF. */
    INVOICE_ISSUED,
    /** A payment was recorded. */
    PAYMENT_RECEIVED,
    /** A dunning step was reached for an unpaid invoice. */
    PAYMENT_OVERDUE,
    /** A customer's service held for non-payment is back. */
    SERVICE_RESUMED,
    /** A support ticket changed or was commented on. */
    TICKET_UPDATED,
    /** A customer was created. */
    WELCOME,
    /** A scheduled report, to the schedule's recipients; its CSV (and chart) are attached. */
    REPORT,
    /** An automation rule's "send e-mail" action, to the rule's recipients, with the rule's subject and message. */
    AUTOMATION,
    /**
     * The management platform welcomes an ISP whose instance is ready (sent as the platform's own tenant), with its
     * administrator's username and initial password.
     */
    ISP_WELCOME,
    /**
     * The management platform asks an ISP's primary contact to confirm the e-mail address (sent as the platform's
     * own tenant) before a dedicated instance is deployed.
     */
    ISP_CONFIRM_EMAIL,
    /**
     * The management platform tells an ISP's primary contact that its tenant reached 80 % or 100 % of a tier limit
     * (sent as the platform's own tenant).
     *
     * @since 1.4
     */
    ISP_LIMIT_WARNING,
    /**
     * The management platform reminds whoever asked for a demo ISP that it has not been used and ends soon.
     *
     * @since 1.4
     */
    DEMO_REMINDER,
    /**
     * The management platform tells whoever asked for a demo ISP that it ended and its data is deleted.
     *
     * @since 1.4
     */
    DEMO_EXPIRED,
    /**
     * A subscriber asked to sign in to the customer portal: the one-time link ({@code signInUrl}, valid until
     * {@code expiresAt}).
     *
     * @since 1.5
     */
    CUSTOMER_SIGN_IN;

    /** The name in paths and JSON: {@code invoice_issued}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The event named {@code key} ({@code invoice_issued}), or {@code null}. */
    public static EmailEvent of(String key) {
        for (EmailEvent e : values()) {
            if (e.key().equals(key)) {
                return e;
            }
        }
        return null;
    }
}
