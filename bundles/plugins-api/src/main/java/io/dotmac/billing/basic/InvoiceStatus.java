package io.dotmac.billing.basic;

/**
 * An invoice's life: {@code DRAFT} (editable, no number) → {@code ISSUED} (numbered, owed) → {@code PAID} once its
 * balance is zero; {@code DRAFT} or an {@code ISSUED} invoice without payments may become {@code VOID}.
 */
public enum InvoiceStatus {
    DRAFT, ISSUED, PAID, VOID
}
