package io.dotmac.notifications.email.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.dotmac.platform.api.Brands;

/** The signature under every e-mail: DotMac's mark without white_label, only the ISP's brand with it. */
class SignatureTest {

    @Test
    void withoutABrandTheMailIsSignedWithTheTenantsNameAndDotMacsMark() {
        assertEquals("Dear Ada,\nyour invoice.\n\n-- \nFibre Nord\nSent with DotMac\n",
                OutboxSender.signed("Dear Ada,\nyour invoice.\n\n", "Fibre Nord", Optional.empty()));
    }

    @Test
    void withABrandOnlyItsLegalNameAndAddressSignIt() {
        Brands.Brand brand = new Brands.Brand("Acme Fibre Ltd", " 1 High Street\nLeeds ", null, null, null, null, null,
                null, null, null, null);
        assertEquals("Hello\n\n-- \nAcme Fibre Ltd\n1 High Street\nLeeds\n",
                OutboxSender.signed("Hello", "Fibre Nord", Optional.of(brand)));
        // a brand with nothing set still drops DotMac's mark: the tenant's name signs
        assertEquals("Hello\n\n-- \nFibre Nord\n", OutboxSender.signed("Hello", "Fibre Nord",
                Optional.of(Brands.Brand.NONE)));
    }
}
