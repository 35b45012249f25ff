package io.dotmac.billing.basic;

/**
 * The billing events on OSGi EventAdmin, posted once the transaction that caused them has committed. Every event
 * carries {@value #TENANT} (the tenant's id) and {@value #TENANT_SLUG}; the other properties are listed per topic.
 * Amounts are exact decimal strings in {@value #CURRENCY}.
 */
public final class BillingEvents {

    /**
     * An invoice was issued, by hand or by a billing run: {@value #INVOICE_ID}, {@value #NUMBER},
     * {@value #CUSTOMER_ID}, {@value #TOTAL}, {@value #CURRENCY}, {@value #DUE_DATE}; from a run also
     * {@value #RUN_ID} and {@value #SUBSCRIPTION_ID}.
     */
    public static final String INVOICE_ISSUED = "io/dotmac/billing/INVOICE_ISSUED";

    /**
     * A payment was recorded: {@value #INVOICE_ID}, {@value #NUMBER}, {@value #CUSTOMER_ID}, {@value #PAYMENT_ID},
     * {@value #AMOUNT}, {@value #CURRENCY}, {@value #BALANCE} (what is still owed) and {@value #PAID} (true when
     * the invoice is now paid in full).
     */
    public static final String PAYMENT_RECEIVED = "io/dotmac/billing/PAYMENT_RECEIVED";

    /**
     * A dunning step was reached for an unpaid invoice (automated_billing): {@value #INVOICE_ID}, {@value #NUMBER},
     * {@value #CUSTOMER_ID}, {@value #BALANCE}, {@value #CURRENCY}, {@value #DUE_DATE}, {@value #DAYS_OVERDUE},
     * {@value #STEP} (1 for the first) and {@value #ACTION} ({@code REMIND} or {@code SUSPEND}).
     */
    public static final String PAYMENT_OVERDUE = "io/dotmac/billing/PAYMENT_OVERDUE";

    /**
     * A customer whom dunning suspended has paid and their service is back (automated_billing):
     * {@value #CUSTOMER_ID} and {@value #SUBSCRIPTION_IDS}.
     */
    public static final String SERVICE_RESUMED = "io/dotmac/billing/SERVICE_RESUMED";

    /**
     * A credit note was issued for an invoice: {@link #CREDIT_NOTE_ID}, {@link #NUMBER} (the credit note's),
     * {@link #INVOICE_ID}, {@link #CUSTOMER_ID}, {@link #TOTAL}, {@link #CURRENCY}, {@link #REFUNDED} (how much of it
     * was paid back) and {@link #BALANCE} (what the invoice still owes).
     */
    public static final String CREDIT_NOTE_ISSUED = "io/dotmac/billing/CREDIT_NOTE_ISSUED";

    /**
     * (Part of) a payment was given back without a credit note: the invoice is owed again. {@link #INVOICE_ID},
     * {@link #NUMBER}, {@link #CUSTOMER_ID}, {@link #PAYMENT_ID}, {@link #AMOUNT}, {@link #CURRENCY},
     * {@link #BALANCE}.
     */
    public static final String PAYMENT_REFUNDED = "io/dotmac/billing/PAYMENT_REFUNDED";

    /**
     * A subscription's status or plan changed: by hand, by dunning, or on its cancellation date.
     * {@value #SUBSCRIPTION_ID}, {@value #CUSTOMER_ID}, {@value #STATUS} and {@value #PREVIOUS_STATUS}
     * ({@code ACTIVE}, {@code SUSPENDED}, {@code CANCELLED}), {@value #PLAN_ID} and {@value #PREVIOUS_PLAN_ID} (the same
     * when only the status changed). Heard in the changing transaction by a {@code TransactionalEventListener}.
     */
    public static final String SUBSCRIPTION_CHANGED = "io/dotmac/billing/SUBSCRIPTION_CHANGED";

    /**
     * A plan's speeds changed: {@value #PLAN_ID}, {@value #DOWNLOAD_MBPS}, {@value #UPLOAD_MBPS} (integers, the new
     * values).
     */
    public static final String PLAN_CHANGED = "io/dotmac/billing/PLAN_CHANGED";

    public static final String TENANT = "tenant";
    public static final String TENANT_SLUG = "tenantSlug";
    public static final String INVOICE_ID = "invoiceId";
    public static final String NUMBER = "number";
    public static final String CUSTOMER_ID = "customerId";
    public static final String TOTAL = "total";
    public static final String CURRENCY = "currency";
    public static final String DUE_DATE = "dueDate";
    public static final String RUN_ID = "runId";
    public static final String SUBSCRIPTION_ID = "subscriptionId";
    public static final String SUBSCRIPTION_IDS = "subscriptionIds";
    public static final String PAYMENT_ID = "paymentId";
    public static final String CREDIT_NOTE_ID = "creditNoteId";
    public static final String REFUNDED = "refunded";
    public static final String AMOUNT = "amount";
    public static final String BALANCE = "balance";
    public static final String PAID = "paid";
    public static final String DAYS_OVERDUE = "daysOverdue";
    public static final String STEP = "step";
    public static final String ACTION = "action";
    public static final String STATUS = "status";
    public static final String PREVIOUS_STATUS = "previousStatus";
    public static final String PLAN_ID = "planId";
    public static final String PREVIOUS_PLAN_ID = "previousPlanId";
    public static final String DOWNLOAD_MBPS = "downloadMbps";
    public static final String UPLOAD_MBPS = "uploadMbps";

    private BillingEvents() {
    }
}
