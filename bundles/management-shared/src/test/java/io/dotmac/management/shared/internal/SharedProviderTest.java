package io.dotmac.management.shared.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SharedProviderTest {

    @Test
    void aTenantsSlugIsTheFirstLabelOfItsDomain() {
        assertEquals("acme-broadband", SharedProvider.slugOf("acme-broadband.example.com"));
        assertEquals("xy-isp", SharedProvider.slugOf("xy.example.com"));
        assertEquals("a".repeat(40), SharedProvider.slugOf("a".repeat(63) + ".example.com"));
    }
}
