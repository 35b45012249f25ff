package io.dotmac.automation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.dotmac.automation.Rule.Condition;
import io.dotmac.platform.api.FieldError;

/** Conditions are checked against the event's fields, compiled, and tested as documented. */
class ConditionsTest {

    private static final Map<String, EventCatalogue.Type> OVERDUE = EventCatalogue.fields(
            "io/dotmac/billing/PAYMENT_OVERDUE");

    private static Condition test(String field, String op, Object value) {
        return new Condition(null, null, field, op, value);
    }

    private static Conditions.Test compile(Condition c) {
        List<FieldError> errors = new ArrayList<>();
        Conditions.Test t = Conditions.compile(c, OVERDUE, errors);
        assertEquals(List.of(), errors);
        return t;
    }

    private static List<FieldError> errors(Condition c) {
        List<FieldError> errors = new ArrayList<>();
        Conditions.compile(c, OVERDUE, errors);
        return errors;
    }

    @Test
    void comparesNumbersAsDecimalsAndDatesAsDates() {
        Map<String, Object> event = Map.of("balance", "100.50", "daysOverdue", 31, "dueDate", "2026-10-30",
                "currency", "EUR", "action", "SUSPEND");
        assertTrue(compile(test("balance", "gt", 100.5 - 0.01)).test(event, null));
        assertTrue(compile(test("balance", "equals", "100.5")).test(event, null)); // 100.50 == 100.5
        assertFalse(compile(test("balance", "gt", "100.50")).test(event, null));
        assertTrue(compile(test("balance", "gte", "100.50")).test(event, null));
        assertTrue(compile(test("daysOverdue", "gte", 31)).test(event, null));
        assertFalse(compile(test("daysOverdue", "lt", 31)).test(event, null));
        // "9" > "31" as text, not as numbers
        assertFalse(compile(test("daysOverdue", "lt", 9)).test(event, null));
        assertTrue(compile(test("dueDate", "lt", "2026-11-01")).test(event, null));
        assertFalse(compile(test("dueDate", "gt", "2026-10-30")).test(event, null));
        assertTrue(compile(test("currency", "in", List.of("USD", "EUR"))).test(event, null));
        assertFalse(compile(test("currency", "in", List.of("USD"))).test(event, null));
        assertTrue(compile(test("currency", "not_equals", "USD")).test(event, null));
        assertTrue(compile(test("action", "matches", "SUSP.*")).test(event, null));
        assertFalse(compile(test("action", "matches", "SUSP")).test(event, null)); // the whole value
        // an absent field holds for nothing, not even not_equals
        assertFalse(compile(test("step", "not_equals", 2)).test(event, null));
    }

    @Test
    void allAndAnyNestAndTraceEveryTest() {
        Condition c = new Condition(List.of(test("daysOverdue", "gte", 30), new Condition(null, List.of(
                test("currency", "equals", "USD"), test("balance", "gt", 1000)), null, null, null)), null, null, null,
                null);
        Conditions.Test t = compile(c);
        assertTrue(t.test(Map.of("daysOverdue", 45, "currency", "USD", "balance", "5"), null));
        assertTrue(t.test(Map.of("daysOverdue", 45, "currency", "EUR", "balance", "5000"), null));
        assertFalse(t.test(Map.of("daysOverdue", 45, "currency", "EUR", "balance", "5"), null));
        assertFalse(t.test(Map.of("daysOverdue", 10, "currency", "USD", "balance", "5000"), null));
        List<String> trace = new ArrayList<>();
        assertFalse(t.test(Map.of("daysOverdue", 10, "currency", "USD"), trace));
        assertEquals(List.of("daysOverdue gte 30: 10 -> false", "currency equals USD: USD -> true",
                "balance gt 1000: (absent) -> false"), trace);
    }

    @Test
    void badConditionsAreNamedByTheirPath() {
        assertEquals(List.of("conditions.all[1].field"), paths(errors(new Condition(List.of(
                test("daysOverdue", "gt", 1), test("colour", "equals", "red")), null, null, null, null))));
        assertEquals(List.of("conditions.any[0].op"), paths(errors(new Condition(null, List.of(
                test("currency", "gt", "EUR")), null, null, null))));
        assertEquals(List.of("conditions.op"), paths(errors(test("currency", "like", "E%"))));
        assertEquals(List.of("conditions.value"), paths(errors(test("daysOverdue", "gt", "many"))));
        assertEquals(List.of("conditions.value"), paths(errors(test("dueDate", "lt", "30/10/2026"))));
        assertEquals(List.of("conditions.value"), paths(errors(test("currency", "in", List.of()))));
        assertEquals(List.of("conditions.value[1]"), paths(errors(test("step", "in", List.of(1, "two")))));
        assertEquals(List.of("conditions.value"), paths(errors(test("number", "matches", "INV-(["))));
        assertEquals(List.of("conditions"), paths(errors(new Condition(List.of(test("step", "equals", 1)), null,
                "step", "equals", 1))));
        assertEquals(List.of("conditions.all"), paths(errors(new Condition(List.of(), null, null, null, null))));
        Condition deep = test("step", "equals", 1);
        for (int i = 0; i < Conditions.MAX_DEPTH; i++) {
            deep = new Condition(List.of(deep), null, null, null, null);
        }
        assertEquals(1, errors(deep).size());
    }

    @Test
    void aPathologicalExpressionGivesUpInsteadOfHanging() {
        Conditions.Test t = compile(test("number", "matches", "(a+)+b"));
        long started = System.nanoTime();
        assertFalse(t.test(Map.of("number", "a".repeat(40)), null));
        // 2^40 steps without the budget; the budget ends it after REGEX_STEPS character reads
        assertTrue(System.nanoTime() - started < 5_000_000_000L);
        assertTrue(t.test(Map.of("number", "aaab"), null));
    }

    private static List<String> paths(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }
}
