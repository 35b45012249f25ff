package io.dotmac.billing.basic;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An invoice in its tenant's currency. {@code number} ({@code INV-<year>-<6 digits>}, gapless per tenant and year)
 * and {@code issueDate} are set when it is issued. Amounts are exact decimal strings: {@code subtotal} is the sum of
 * the lines' nets (a discount line's is negative), {@code tax} the sum of their taxes, {@code total} their sum;
 * {@code amountPaid} is what was paid less what was refunded, {@code amountCredited} the sum of its credit notes;
 * {@code balance} is what is still owed ({@code total − amountPaid − amountCredited} while {@code ISSUED}, zero
 * otherwise: {@code PAID} means nothing is owed, by payments, credit notes or both).
 */
public record Invoice(String id, String number, String customerId, InvoiceStatus status, String currency,
        List<InvoiceLine> lines, String subtotal, String tax, String total, String amountPaid, String amountCredited,
        String balance, LocalDate issueDate, LocalDate dueDate, String notes, Instant createdAt) {

    /**
     * What a client sends to create a draft (customer and at least one line required) or to change one (every field
     * optional; {@code lines} replaces all lines).
     */
    public record Input(String customerId, String dueDate, String notes, List<InvoiceLine.Input> lines) {
    }
}
