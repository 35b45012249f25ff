package io.dotmac.platform.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void oneOfNamesTheFieldAndTheAllowedNames() {
        List<FieldError> errors = new ArrayList<>();
        assertEquals(Tier.BASIC, Values.oneOf(Tier.class, "BASIC", "tier", errors));
        assertNull(Values.oneOf(Tier.class, "basic", "tier", errors));
        assertNull(Values.oneOf(Tier.class, null, "tier", errors));
        assertEquals(List.of(new FieldError("tier", "must be one of FREE, BASIC, PREMIUM, ENTERPRISE"),
                new FieldError("tier", "must be one of FREE, BASIC, PREMIUM, ENTERPRISE")), errors);
    }

    @Test
    void aFilterIsOptionalButNeverWrong() {
        assertNull(Values.filter(Tier.class, null, "tier"));
        assertNull(Values.filter(Tier.class, " ", "tier"));
        assertEquals(Tier.FREE, Values.filter(Tier.class, " FREE ", "tier"));
        ValidationException e = assertThrows(ValidationException.class, () -> Values.filter(Tier.class, "GOLD",
                "tier"));
        assertEquals("tier", e.errors().get(0).field());
    }

    @Test
    void currenciesForMoneyOnly() {
        assertEquals("EUR", Values.currency("EUR").orElseThrow().getCurrencyCode());
        assertEquals(0, Values.currency("JPY").orElseThrow().getDefaultFractionDigits());
        for (String bad : new String[] { null, "", "eur", "EURO", "XXX", "XAU", "ABC" }) {
            assertTrue(Values.currency(bad).isEmpty(), bad);
        }
    }

    @Test
    void decimalsArePlainShortAndNamed() {
        List<FieldError> errors = new ArrayList<>();
        assertEquals(new java.math.BigDecimal("49.90"), Values.decimal(" 49.90 ", "price", errors));
        assertEquals(new java.math.BigDecimal("-3"), Values.decimal("-3", "amount", errors));
        assertTrue(errors.isEmpty(), errors.toString());
        assertNull(Values.decimal("1e9", "price", errors), "no exponent");
        assertNull(Values.decimal("", "price", errors));
        assertNull(Values.decimal(null, "price", errors));
        assertNull(Values.decimal("9".repeat(1_000_000), "price", errors), "refused by its length alone");
        assertEquals(List.of("price", "price", "price", "price"), errors.stream().map(FieldError::field).toList());
        assertEquals("must be at most 40 characters", errors.get(3).message());
        assertNull(Values.decimal("1".repeat(41), "x", errors));
        assertEquals(new java.math.BigDecimal("1".repeat(40)), Values.decimal("1".repeat(40), "x", errors));
    }
}
