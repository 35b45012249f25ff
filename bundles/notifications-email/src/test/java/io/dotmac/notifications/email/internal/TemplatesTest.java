package io.dotmac.notifications.email.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.dotmac.notifications.email.EmailEvent;
import io.dotmac.notifications.email.EmailTemplate;
import io.dotmac.platform.api.ValidationException;

/** The shipped templates render; bad ones are refused with the part and the position; templates stay sandboxed. */
class TemplatesTest {

    @Test
    void everyDefaultTemplateRendersWithItsSampleData() throws Exception {
        for (EmailEvent e : EmailEvent.values()) {
            String[] d = Templates.defaults(e);
            String subject = Templates.render("subject", d[0], Templates.sample(e));
            String body = Templates.render("body", d[1], Templates.sample(e));
            assertFalse(subject.contains("\n"), e + ": " + subject);
            // a report and an automation e-mail go to an address, not to a customer
            assertTrue(body.contains(e == EmailEvent.REPORT ? "mrr from 2026-10-01 to 2026-10-31"
                    : e == EmailEvent.AUTOMATION ? "automation rule \"Overdue invoices\"" : "Ada Lovelace"),
                    e + ": " + body);
            assertTrue(body.contains("Example Fibre"), e + ": " + body);
        }
        String invoice = Templates.render("body", Templates.defaults(EmailEvent.INVOICE_ISSUED)[1],
                Templates.sample(EmailEvent.INVOICE_ISSUED));
        assertTrue(invoice.contains("INV-2026-000042 over 59.88 USD"), invoice);
    }

    @Test
    void aSyntaxErrorIsNamedWithLineAndColumn() {
        ValidationException e = assertThrows(ValidationException.class, () -> EmailOutbox.check(
                EmailEvent.WELCOME, new EmailTemplate.Input("Hi ${customerName}", "Hello\n\nline <#if x>three")));
        assertEquals(1, e.errors().size());
        assertEquals("body", e.errors().get(0).field());
        assertTrue(e.errors().get(0).message().startsWith("line 3, column "), e.errors().get(0).message());
    }

    @Test
    void anUnknownVariableIsNamedWithItsPosition() {
        ValidationException e = assertThrows(ValidationException.class, () -> EmailOutbox.check(
                EmailEvent.WELCOME, new EmailTemplate.Input("Hi ${nobody}", "fine")));
        assertEquals("subject", e.errors().get(0).field());
        assertTrue(e.errors().get(0).message().startsWith("line 1, column 6: unknown variable 'nobody' (not one of "
                + "this event's: "), e.errors().get(0).message());
        assertTrue(e.errors().get(0).message().contains("customerName"), e.errors().get(0).message());
    }

    @Test
    void bothPartsAreCheckedAndAMultiLineSubjectIsRefused() {
        ValidationException e = assertThrows(ValidationException.class, () -> EmailOutbox.check(
                EmailEvent.WELCOME, new EmailTemplate.Input("two\nlines", " ")));
        assertEquals(List.of("body", "subject"), e.errors().stream().map(f -> f.field()).sorted().toList());
    }

    @Test
    void templatesCannotReachJavaClasses() {
        ValidationException e = assertThrows(ValidationException.class, () -> EmailOutbox.check(EmailEvent.WELCOME,
                new EmailTemplate.Input("x", "<#assign ex = \"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}")));
        assertEquals("body", e.errors().get(0).field());
    }
}
