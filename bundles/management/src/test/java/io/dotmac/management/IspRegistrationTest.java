package io.dotmac.management;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class IspRegistrationTest {

    private static IspRegistration of(String domain) {
        return new IspRegistration(null, new IspRegistration.Technical("local", domain, List.of(), null), null,
                "SHARED");
    }

    @Test
    void theSuggestedSlugIsTheDomainsFirstLabelFolded() {
        assertEquals("acme-broadband", of("acme-broadband.example.com").suggestedSlug());
        assertEquals("xy-isp", of("xy.example.com").suggestedSlug());
        assertEquals("a".repeat(40), of("a".repeat(63) + ".example.com").suggestedSlug());
        assertEquals("muller-net", of("Müller--Net.de").suggestedSlug());
    }
}
