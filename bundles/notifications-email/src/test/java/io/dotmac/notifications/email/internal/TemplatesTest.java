package io.dotmac.notifications.email.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dotmac.notifications.email.EmailEvent;
import io.dotmac.notifications.email.EmailTemplate;
import io.dotmac.platform.api.ValidationException;

/** The shipped templates render; bad ones are refused with the part and the position; templates stay sandboxed. */
class TemplatesTest {

    private static Templates templates;

    @BeforeAll
    static void start() {
        templates = new Templates(new Templates.Limits(300, 10_000));
    }

    @AfterAll
    static void stop() {
        templates.close();
    }

    @Test
    void everyDefaultTemplateRendersWithItsSampleData() throws Exception {
        for (EmailEvent e : EmailEvent.values()) {
            String[] d = Templates.defaults(e);
            String subject = templates.render("subject", d[0], Templates.sample(e));
            String body = templates.render("body", d[1], Templates.sample(e));
            assertFalse(subject.contains("\n"), e + ": " + subject);
            // a report, an automation e-mail and a demo's go to an address, not to a customer
            assertTrue(body.contains(e == EmailEvent.REPORT ? "mrr from 2026-10-01 to 2026-10-31"
                    : e == EmailEvent.AUTOMATION ? "automation rule \"Overdue invoices\""
                    : e.name().startsWith("DEMO_") ? "demo ISP" : "Ada Lovelace"), e + ": " + body);
            assertTrue(body.contains("Example Fibre"), e + ": " + body);
        }
        String invoice = templates.render("body", Templates.defaults(EmailEvent.INVOICE_ISSUED)[1],
                Templates.sample(EmailEvent.INVOICE_ISSUED));
        assertTrue(invoice.contains("INV-2026-000042 over 59.88 USD"), invoice);
    }

    @Test
    void aSyntaxErrorIsNamedWithLineAndColumn() {
        ValidationException e = assertThrows(ValidationException.class, () -> EmailOutbox.check(templates,
                EmailEvent.WELCOME, new EmailTemplate.Input("Hi ${customerName}", "Hello\n\nline <#if x>three")));
        assertEquals(1, e.errors().size());
        assertEquals("body", e.errors().get(0).field());
        assertTrue(e.errors().get(0).message().startsWith("line 3, column "), e.errors().get(0).message());
    }

    @Test
    void anUnknownVariableIsNamedWithItsPosition() {
        ValidationException e = assertThrows(ValidationException.class, () -> EmailOutbox.check(templates,
                EmailEvent.WELCOME, new EmailTemplate.Input("Hi ${nobody}", "fine")));
        assertEquals("subject", e.errors().get(0).field());
        assertTrue(e.errors().get(0).message().startsWith("line 1, column 6: unknown variable 'nobody' (not one of "
                + "this event's: "), e.errors().get(0).message());
        assertTrue(e.errors().get(0).message().contains("customerName"), e.errors().get(0).message());
    }

    @Test
    void bothPartsAreCheckedAndAMultiLineSubjectIsRefused() {
        ValidationException e = assertThrows(ValidationException.class, () -> EmailOutbox.check(templates,
                EmailEvent.WELCOME, new EmailTemplate.Input("two\nlines", " ")));
        assertEquals(List.of("body", "subject"), e.errors().stream().map(f -> f.field()).sorted().toList());
    }

    @Test
    void templatesCannotReachJavaClasses() {
        ValidationException e = assertThrows(ValidationException.class, () -> EmailOutbox.check(templates, EmailEvent.WELCOME,
                new EmailTemplate.Input("x", "<#assign ex = \"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}")));
        assertEquals("body", e.errors().get(0).field());
    }

    private static String refusal(String body) {
        ValidationException e = assertThrows(ValidationException.class, () -> EmailOutbox.check(templates,
                EmailEvent.WELCOME, new EmailTemplate.Input("x", body)));
        assertEquals("body", e.errors().get(0).field());
        return e.errors().get(0).message();
    }

    @Test
    void aRenderIsStoppedAtItsTimeBoundAndTheThreadGoesOn() throws Exception {
        // 4e18 empty steps: it returns only because it is stopped; the caller is not left interrupted
        assertEquals("took longer than 300 ms to render",
                refusal("<#list 1..2000000000 as i><#list 1..2000000000 as j></#list></#list>"));
        assertFalse(Thread.currentThread().isInterrupted());
        // a loop on real data only: the sample renders, a real customer's name is stopped the same way
        String loop = "<#if customerName != 'Ada Lovelace'><#list 1..2000000000 as i></#list></#if>ok";
        assertEquals("ok", EmailOutbox.check(templates, EmailEvent.WELCOME, new EmailTemplate.Input("x", loop))
                .body());
        Templates.Invalid e = assertThrows(Templates.Invalid.class, () -> templates.render("body", loop,
                java.util.Map.of("customerName", "Grace Hopper")));
        assertTrue(e.overTime);
        assertEquals("took longer than 300 ms to render", e.error.message());
        // and the next render on this thread is not cut short by a stale interruption
        assertEquals("fine", templates.render("body", "fine", java.util.Map.of()));
    }

    @Test
    void aRenderStopsAtItsOutputBound() {
        assertEquals("renders to more than 10000 characters", refusal("<#list 1..100000 as i>${i} </#list>"));
    }

    @Test
    void whatLetsATemplateGrowOrRunUncheckedIsRefusedWithItsPosition() {
        assertEquals("line 1, column 1: <#assign> is not available in DotMac templates",
                refusal("<#assign s = customerName><#list 1..40 as i><#assign s = s + s></#list>${s}"));
        assertTrue(refusal("Hi\n<#macro m s><@m s + s/></#macro>").startsWith("line 2, column 1: <#macro>"));
        assertTrue(refusal("${['a', 'b']?join(',')}").contains("?join is not available"));
        assertTrue(refusal("${(1..1000000000)?first}").contains("a range (1..1000000000) may only be listed"));
        assertTrue(refusal("${customerName?left_pad(1000000000)}").endsWith("?left_pad is not available in DotMac "
                + "templates"));
        assertTrue(refusal("${customerName?replace('', 'xxxxxxxxxx')?replace('', 'xxxxxxxxxx')}")
                .contains("?replace is not available"));
        assertTrue(refusal("${'customerName?left_pad(99999999)'?eval}").contains("?eval is not available"));
        assertTrue(refusal("${customerName?matches('(a+)+b')?c}").contains("?matches is not available"));
        assertTrue(refusal("${customerName?split('(a+)+b', 'r')?size}").contains("?split takes one argument"));
        assertTrue(refusal("<#attempt>${x}<#recover>y</#attempt>").contains("<#attempt> is not available"));
        assertTrue(refusal("${customerName?keepAfter('a', 'r')}").contains("?keep_after takes one argument"));
        String special = refusal("${.get_optional_template('x')}");
        assertTrue(special.contains("get_optional_template") && special.contains("is not available"), special);
        // numbers: at most 40 characters and no exponent ("1E999999999"?number?c would write a billion digits)
        assertTrue(refusal("${'1E999999999'?number?c}").contains("convert"), refusal("${'1E999999999'?number?c}"));
    }

    @Test
    void whatAnEmailNeedsStillWorks() throws Exception {
        String body = templates.render("body", String.join("\n",
                "<#if customerName?has_content>Dear ${customerName?cap_first}<#else>Hello</#if>,",
                "<#list customerEmail?split('@') as part>[${part?upper_case}]<#sep>, </#list>",
                "${(total?number * 1.2)?string('0.00')} ${currency?lower_case} <#switch currency><#case 'USD'>$"
                        + "<#break><#default>?</#switch> ${customerName[0..2]} "
                        + "${(customerName?length > 3)?then('long', 'short')} ${nothing!'-'} "
                        + "${customerName?keep_before(' ')}<#list 1..3 as i>${i}</#list>"),
                java.util.Map.of("customerName", "ada Lovelace", "customerEmail", "ada@example.com", "total", "50",
                        "currency", "USD"));
        assertEquals("Dear Ada Lovelace,\n[ADA], [EXAMPLE.COM]\n60.00 usd $ ada long - ada123", body);
    }
}
