package io.dotmac.automation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.dotmac.platform.api.FieldError;

/** Placeholders name the event's fields (or the rule's variables) and are replaced by their values. */
class PlaceholdersTest {

    private static final Map<String, EventCatalogue.Type> OVERDUE = EventCatalogue.fields(
            "io/dotmac/billing/PAYMENT_OVERDUE");

    @Test
    void rendersTheEventsValues() {
        assertEquals("Invoice INV-7 is 31 days overdue ($1 owed), rule R",
                RuleStore.render("Invoice {{number}} is {{ daysOverdue }} days overdue ({{currency}}1 owed), rule "
                        + "{{ruleName}}", Map.of("number", "INV-7", "daysOverdue", 31, "currency", "$",
                                "ruleName", "R")));
        assertEquals("ids: a,b; missing: ", RuleStore.render("ids: {{subscriptionIds}}; missing: {{number}}",
                Map.of("subscriptionIds", List.of("a", "b"))));
    }

    @Test
    void unknownFieldsAndStrayBracesAreNamed() {
        List<FieldError> errors = new ArrayList<>();
        RuleStore.placeholders("{{number}} for {{customerId}} by {{ruleName}}", "actions[0].subject", OVERDUE, errors);
        assertEquals(List.of(), errors);
        RuleStore.placeholders("{{colour}}", "actions[0].subject", OVERDUE, errors);
        RuleStore.placeholders("{{number}", "actions[1].message", OVERDUE, errors);
        assertEquals(List.of("actions[0].subject", "actions[1].message"), errors.stream().map(FieldError::field)
                .toList());
    }
}
