package io.dotmac.platform.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ExceptionsTest {

    @Test
    void validationExceptionKeepsEveryFieldAndSummarises() {
        ValidationException one = new ValidationException("slug", "must match [a-z0-9-]{3,40}");
        assertEquals("Invalid field 'slug': must match [a-z0-9-]{3,40}", one.getMessage());

        ValidationException two = new ValidationException(List.of(
                new FieldError("name", "must not be blank"), new FieldError("admin.email", "is not an e-mail address")));
        assertEquals("2 fields are invalid", two.getMessage());
        assertEquals("admin.email", two.errors().get(1).field());
    }

    @Test
    void validationExceptionNeedsAField() {
        assertThrows(IllegalArgumentException.class, () -> new ValidationException(List.of()));
    }

    @Test
    void pluginNotLicensedNamesPluginAndTiers() {
        PluginNotLicensedException e = new PluginNotLicensedException("network_monitoring", Tier.PREMIUM, Tier.BASIC);
        assertEquals("Plugin 'network_monitoring' requires PREMIUM tier or higher", e.getMessage());
        assertEquals(Tier.BASIC, e.currentTier());
    }

    @Test
    void limitExceededNamesTheLiftingTier() {
        LimitExceededException e = new LimitExceededException("customers", 100, Tier.FREE, Tier.BASIC);
        assertEquals(Optional.of(Tier.BASIC), e.liftingTier());
        assertEquals("The FREE tier allows at most 100 customers; BASIC lifts this limit", e.getMessage());
    }
}
