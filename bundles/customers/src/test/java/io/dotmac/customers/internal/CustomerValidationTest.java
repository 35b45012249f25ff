package io.dotmac.customers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.dotmac.customers.CustomerInput;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.ValidationException;

class CustomerValidationTest {

    private static Set<String> invalid(CustomerInput in, boolean creating) {
        ValidationException e = assertThrows(ValidationException.class, () -> CustomerRegistry.validate(in, creating));
        return e.errors().stream().map(FieldError::field).collect(Collectors.toSet());
    }

    @Test
    void creatingNeedsNameAndEmail() {
        assertEquals(Set.of("name", "email"), invalid(new CustomerInput(null, null, null, null, null), true));
        assertEquals(Set.of("name"), invalid(new CustomerInput("  ", "a@b.test", null, null, null), true));
    }

    @Test
    void changingNeedsNothingButChecksWhatIsThere() {
        CustomerInput ok = CustomerRegistry.validate(new CustomerInput(null, null, null, null, "SUSPENDED"), false);
        assertNull(ok.name());
        assertEquals(Set.of("email", "status"), invalid(new CustomerInput(null, "nope", null, null, "CLOSED"), false));
    }

    @Test
    void valuesAreTrimmedAndBlankOptionalsDropped() {
        CustomerInput in = CustomerRegistry.validate(
                new CustomerInput("  Ada ", " ada@example.org ", "  ", "", null), true);
        assertEquals("Ada", in.name());
        assertEquals("ada@example.org", in.email());
        assertNull(in.phone());
        assertNull(in.serviceAddress());
    }

    @Test
    void lengthsPhoneAndStatusOnCreateAreChecked() {
        assertEquals(Set.of("name", "phone", "serviceAddress", "status"), invalid(new CustomerInput("x".repeat(201),
                "a@b.test", "call me maybe", "y".repeat(501), "ACTIVE"), true));
    }
}
