package io.dotmac.billing.basic;

/** How a payment was made. */
public enum PaymentMethod {
    BANK_TRANSFER, CARD, CASH, DIRECT_DEBIT, OTHER
}
