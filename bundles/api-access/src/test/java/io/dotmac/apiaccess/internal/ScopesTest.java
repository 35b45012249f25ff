package io.dotmac.apiaccess.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.dotmac.platform.api.ValidationException;

class ScopesTest {

    @Test
    void knownScopesPassWithoutRepeats() {
        assertEquals(List.of("customers:read", "tickets:write"),
                Scopes.check(List.of("customers:read", "tickets:write", "customers:read"), false));
    }

    @Test
    void unknownNoneOrWritesOfTheLimitedVariantAre422NamingScopes() {
        for (List<String> bad : List.of(List.<String>of(), List.of("users:write"), List.of("customers:delete"),
                List.of("Customers:read"), Arrays.asList((String) null))) {
            ValidationException e = assertThrows(ValidationException.class, () -> Scopes.check(bad, false),
                    bad.toString());
            assertEquals("scopes", e.errors().get(0).field());
        }
        ValidationException limited = assertThrows(ValidationException.class,
                () -> Scopes.check(List.of("customers:read", "customers:write"), true));
        assertEquals(1, limited.errors().size());
        assertTrue(limited.errors().get(0).message().contains("customers:write"));
        assertEquals(List.of("customers:read"), Scopes.check(List.of("customers:read"), true));
    }

    @Test
    void onlyKeyShapedTokensHaveAnId() {
        String id = "01jf0abcdefghjkmnpqrstvwxy";
        assertEquals(id, ApiKeyStore.idOf("dmk_" + id + "_secret-part_with-underscores"));
        assertNull(ApiKeyStore.idOf("dmk_" + id + "secret"));
        assertNull(ApiKeyStore.idOf("dmk_" + id.toUpperCase() + "_s"));
        assertNull(ApiKeyStore.idOf("dmk_short_s"));
        assertNull(ApiKeyStore.idOf("eyJhbGciOi.jwt"));
        assertNull(ApiKeyStore.idOf(null));
    }
}
