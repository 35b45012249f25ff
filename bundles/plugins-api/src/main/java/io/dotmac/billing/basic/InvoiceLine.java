package io.dotmac.billing.basic;

/**
 * One line of an invoice. {@code quantity} and {@code taxRate} (a percentage) are exact decimals; {@code unitPrice},
 * {@code net} ({@code quantity × unitPrice}) and {@code tax} ({@code net × taxRate / 100}) are amounts in the
 * invoice's currency, each rounded half-even to the currency's minor unit. A discount is a line with a negative
 * {@code unitPrice} (its net and tax are negative); it may lower what is sold at its tax rate, never below zero.
 */
public record InvoiceLine(String description, String quantity, String unitPrice, String taxRate, String net,
        String tax) {

    /** What a client sends for a line: every field required, decimals as strings (e.g. {@code "19.99"}). */
    public record Input(String description, String quantity, String unitPrice, String taxRate) {
    }
}
