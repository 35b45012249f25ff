package io.dotmac.whitelabel.internal;

import java.time.Instant;

/**
 * A tenant's brand. Every field may be absent; {@code logoType} says whether there is a logo (read it at
 * {@code /api/v1/branding/logo}).
 */
public record Branding(String legalName, String address, String taxId, String primaryColour, String accentColour,
        String emailFromName, String emailFromAddress, String invoiceFooter, String paymentDetails, String logoType,
        Instant updatedAt) {

    /** What a client sends (the logo apart): the whole brand, a field left out is cleared. */
    public record Input(String legalName, String address, String taxId, String primaryColour, String accentColour,
            String emailFromName, String emailFromAddress, String invoiceFooter, String paymentDetails) {
    }

    /** A tenant without a brand of its own. */
    static Branding none() {
        return new Branding(null, null, null, null, null, null, null, null, null, null, null);
    }
}
