package io.dotmac.notifications.email.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import freemarker.core.InvalidReferenceException;
import freemarker.core.ParseException;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import io.dotmac.notifications.email.EmailEvent;
import io.dotmac.platform.api.FieldError;

/**
 * FreeMarker for tenants' templates, locked down: no {@code ?new} / {@code ?api}, no class loading, errors rethrown
 * (never written into a mail). Templates see only the event's variables, all strings. Also the shipped defaults and
 * the sample data previews render with.
 */
final class Templates {

    /** The variables every template has. */
    static final List<String> COMMON = List.of("tenantName", "customerName", "customerEmail");

    private static final Configuration CONFIG = configuration();

    private Templates() {
    }

    private static Configuration configuration() {
        Configuration c = new Configuration(Configuration.VERSION_2_3_32);
        c.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        c.setAPIBuiltinEnabled(false);
        c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        c.setLogTemplateExceptions(false);
        c.setWrapUncheckedExceptions(true);
        c.setDefaultEncoding("UTF-8");
        return c;
    }

    /** A template that failed to parse or render: the field and a message with its position. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        final transient FieldError error;

        Invalid(FieldError error) {
            super(error.message());
            this.error = error;
        }
    }

    /** The variables of {@code event}'s templates besides {@link #COMMON}. */
    static List<String> variables(EmailEvent event) {
        return switch (event) {
            case INVOICE_ISSUED -> List.of("invoiceNumber", "total", "currency", "dueDate");
            case PAYMENT_RECEIVED -> List.of("invoiceNumber", "amount", "currency", "balance", "paid");
            case PAYMENT_OVERDUE -> List.of("invoiceNumber", "balance", "currency", "dueDate", "daysOverdue", "step",
                    "action");
            case SERVICE_RESUMED -> List.of();
            case TICKET_UPDATED -> List.of("ticketId", "subject", "status", "change", "comment", "author");
            case WELCOME -> List.of();
            case REPORT -> List.of("report", "from", "to", "parameters", "schedule", "attachments");
            case AUTOMATION -> List.of("subject", "message", "rule", "topic");
        };
    }

    /** Renders {@code text} (the template's {@code field}) with {@code model}. */
    static String render(String field, String text, Map<String, String> model) throws Invalid {
        Template template;
        try {
            template = new Template(field, new StringReader(text), CONFIG);
        } catch (ParseException e) {
            throw new Invalid(new FieldError(field, "line " + e.getLineNumber() + ", column " + e.getColumnNumber()
                    + ": " + e.getEditorMessage()));
        } catch (IOException e) {
            throw new Invalid(new FieldError(field, e.getMessage()));
        }
        StringWriter out = new StringWriter();
        try {
            template.process(model, out);
        } catch (TemplateException e) {
            // a variable the event does not have: name it (FreeMarker's own first line only says "null or missing")
            String what = e instanceof InvalidReferenceException && e.getBlamedExpressionString() != null
                    ? "unknown variable '" + e.getBlamedExpressionString() + "' (not one of this event's: "
                            + String.join(", ", model.keySet()) + ")"
                    : firstLine(e.getMessageWithoutStackTop());
            throw new Invalid(new FieldError(field, (e.getLineNumber() == null ? "" : "line " + e.getLineNumber()
                    + ", column " + e.getColumnNumber() + ": ") + what));
        } catch (IOException e) {
            throw new Invalid(new FieldError(field, e.getMessage()));
        }
        return out.toString();
    }

    private static String firstLine(String message) {
        String m = message == null ? "" : message.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }

    /** Sample data of {@code event}: what previews (and checks of new templates) render with. */
    static Map<String, String> sample(EmailEvent event) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("tenantName", "Example Fibre");
        m.put("customerName", "Ada Lovelace");
        m.put("customerEmail", "ada@example.com");
        switch (event) {
            case INVOICE_ISSUED -> {
                m.put("invoiceNumber", "INV-2026-000042");
                m.put("total", "59.88");
                m.put("currency", "USD");
                m.put("dueDate", "2026-12-09");
            }
            case PAYMENT_RECEIVED -> {
                m.put("invoiceNumber", "INV-2026-000042");
                m.put("amount", "59.88");
                m.put("currency", "USD");
                m.put("balance", "0.00");
                m.put("paid", "true");
            }
            case PAYMENT_OVERDUE -> {
                m.put("invoiceNumber", "INV-2026-000042");
                m.put("balance", "59.88");
                m.put("currency", "USD");
                m.put("dueDate", "2026-12-09");
                m.put("daysOverdue", "10");
                m.put("step", "2");
                m.put("action", "REMIND");
            }
            case TICKET_UPDATED -> {
                m.put("ticketId", "01jticket0000000000000000");
                m.put("subject", "No internet since this morning");
                m.put("status", "IN_PROGRESS");
                m.put("change", "COMMENTED");
                m.put("comment", "A technician is on the way.");
                m.put("author", "support");
            }
            case SERVICE_RESUMED, WELCOME -> {
            }
            case REPORT -> {
                m.put("customerName", "");
                m.put("customerEmail", "finance@example.com");
                m.put("report", "mrr");
                m.put("from", "2026-10-01");
                m.put("to", "2026-10-31");
                m.put("parameters", "period=last-month");
                m.put("schedule", "Monthly MRR");
                m.put("attachments", "mrr_2026-10-01_2026-10-31.csv, mrr_2026-10-01_2026-10-31.png");
            }
            case AUTOMATION -> {
                m.put("customerName", "");
                m.put("customerEmail", "noc@example.com");
                m.put("subject", "Invoice INV-2026-000042 is 30 days overdue");
                m.put("message", "Ada Lovelace owes 59.88 USD; a ticket was opened.");
                m.put("rule", "Overdue invoices");
                m.put("topic", "io/dotmac/billing/PAYMENT_OVERDUE");
            }
        }
        return m;
    }

    /** The shipped subject and body of {@code event}. */
    static String[] defaults(EmailEvent event) {
        return switch (event) {
            case INVOICE_ISSUED -> new String[] { "${tenantName}: invoice ${invoiceNumber}", """
                    Dear ${customerName},

                    your invoice ${invoiceNumber} over ${total} ${currency} is attached. Please pay it by ${dueDate}.

                    Kind regards,
                    ${tenantName}
                    """ };
            case PAYMENT_RECEIVED -> new String[] { "${tenantName}: payment received for ${invoiceNumber}", """
                    Dear ${customerName},

                    thank you: we received ${amount} ${currency} for invoice ${invoiceNumber}.
                    <#if paid == "true">The invoice is paid in full.<#else>${balance} ${currency} remain to be paid.</#if>

                    Kind regards,
                    ${tenantName}
                    """ };
            case PAYMENT_OVERDUE -> new String[] { "${tenantName}: invoice ${invoiceNumber} is overdue", """
                    Dear ${customerName},

                    invoice ${invoiceNumber} was due on ${dueDate}, ${daysOverdue} days ago; ${balance} ${currency} are
                    still open. <#if action == "SUSPEND">Your service is suspended until it is paid.<#else>Please pay \
                    it as soon as you can.</#if>

                    Kind regards,
                    ${tenantName}
                    """ };
            case SERVICE_RESUMED -> new String[] { "${tenantName}: your service is back", """
                    Dear ${customerName},

                    thank you for your payment: your service is active again.

                    Kind regards,
                    ${tenantName}
                    """ };
            case TICKET_UPDATED -> new String[] { "${tenantName}: ticket \"${subject}\" is ${status}", """
                    Dear ${customerName},

                    <#if change == "COMMENTED">${author} wrote on your ticket "${subject}":

                    ${comment}
                    <#else>your ticket "${subject}" is now ${status}.</#if>

                    Kind regards,
                    ${tenantName}
                    """ };
            case REPORT -> new String[] { "${tenantName}: report ${report}<#if from?has_content>, ${from} to ${to}</#if>",
                    """
                    Hello,

                    here is the report ${report}<#if from?has_content> from ${from} to ${to}</#if>, as scheduled \
                    in "${schedule}" (${parameters}).

                    Attached: ${attachments}

                    ${tenantName}
                    """ };
            case AUTOMATION -> new String[] { "${subject}", """
                    ${message}

                    ${tenantName}, automation rule "${rule}" on ${topic}
                    """ };
            case WELCOME -> new String[] { "Welcome to ${tenantName}", """
                    Dear ${customerName},

                    welcome to ${tenantName}! We will write to you at ${customerEmail} about your invoices and your
                    service.

                    Kind regards,
                    ${tenantName}
                    """ };
        };
    }
}
