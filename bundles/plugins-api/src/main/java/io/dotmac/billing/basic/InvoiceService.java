package io.dotmac.billing.basic;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;

/**
 * A tenant's invoices and their payments. Every call is scoped to {@code tenant}: another tenant's invoice is a
 * {@link io.dotmac.platform.api.NotFoundException}. A transition the invoice's status does not allow is a
 * {@link io.dotmac.platform.api.ConflictException}; invalid input a {@link io.dotmac.platform.api.ValidationException}
 * naming every field, and nothing is written.
 */
@ProviderType
public interface InvoiceService {

    /** Creates a {@code DRAFT} in the tenant's current currency, for an existing customer that is not closed. */
    Invoice create(TenantRef tenant, Invoice.Input invoice);

    Invoice get(TenantRef tenant, String id);

    /** Invoices in id order; {@code customerId} and {@code status} filter when not {@code null}. */
    Page<Invoice> list(TenantRef tenant, String customerId, InvoiceStatus status, int limit, String cursor);

    /**
     * Invoices in id order, filtered by each argument that is not {@code null}: {@code number} exactly (case aside),
     * {@code q} a piece of the number, the notes or the customer's name or e-mail (case aside, at most 200
     * characters).
     *
     * @throws io.dotmac.platform.api.ValidationException naming {@code number} or {@code q} when too long
     */
    Page<Invoice> list(TenantRef tenant, String customerId, InvoiceStatus status, String number, String q, int limit,
            String cursor);

    /** Changes a {@code DRAFT} (its customer, due date, notes or lines). */
    Invoice update(TenantRef tenant, String id, Invoice.Input changes);

    /**
     * Issues a {@code DRAFT}: assigns the tenant's next number of the year, gapless also under concurrent issuing,
     * sets the issue date to today and, when none was set, the due date 14 days later.
     */
    Invoice issue(TenantRef tenant, String id);

    /** Voids a {@code DRAFT}, or an {@code ISSUED} invoice that has no payments. Its number, if any, stays used. */
    Invoice voidInvoice(TenantRef tenant, String id);

    /**
     * Records a payment against an {@code ISSUED} invoice; more than its balance is refused. The invoice becomes
     * {@code PAID} when its balance reaches zero.
     */
    Payment pay(TenantRef tenant, String invoiceId, Payment.Input payment);

    /**
     * Gives back {@code amount} of a payment (a reversal, such as a card refund): recorded as a refund of that payment,
     * so the invoice is owed it again ({@code ISSUED}). At most what is left of the payment (else a
     * {@link io.dotmac.platform.api.ValidationException} naming {@code amount}); a {@code reason} is required.
     *
     * @return the refund as a negative payment: its own id, the invoice, {@code -amount}, the payment's method and
     *         {@code reason} as the reference
     * @since 1.8
     */
    Payment refund(TenantRef tenant, String invoiceId, String paymentId, String amount, String reason);

    /** The payments of an invoice, oldest first. */
    List<Payment> payments(TenantRef tenant, String invoiceId);

    /** The invoice as a PDF document: tenant, customer, number, lines and totals. */
    byte[] pdf(TenantRef tenant, String id);

    /** How many {@code ISSUED} (owed) invoices the customer has. */
    int unpaidCount(TenantRef tenant, String customerId);

    /**
     * What the tenant invoiced from {@code from} (inclusive) to {@code to} (exclusive), by issue date, not void (in
     * minor units of its currency), and how many of its customers have an owed invoice past its due date on
     * {@code today}. Two indexed queries, whatever the number of invoices.
     *
     * @since 1.5
     */
    Summary summary(TenantRef tenant, java.time.LocalDate from, java.time.LocalDate to, java.time.LocalDate today);

    /**
     * Starts the tenant's invoice and credit note numbers again at 1 in every year: for a tenant that has none left
     * (a converted demo whose sample invoices were dropped), so that its first real invoice is number 1.
     *
     * @return whether there were numbers to forget
     * @throws io.dotmac.platform.api.ConflictException when the tenant has invoices or credit notes
     * @since 1.6
     */
    boolean restartNumbering(TenantRef tenant);

    /**
     * @param invoicedMinor           issued and paid invoices' totals in the range, minor units
     * @param customersWithOverdue    customers with at least one {@code ISSUED} invoice due before today
     * @since 1.5
     */
    record Summary(long invoicedMinor, int customersWithOverdue) {
    }
}
