package io.dotmac.notifications.email.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import freemarker.core.ArithmeticEngine;
import freemarker.core.InvalidReferenceException;
import freemarker.core.ParseException;
import freemarker.core.TemplateClassResolver;
import freemarker.core._CoreAPI;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import io.dotmac.notifications.email.EmailEvent;
import io.dotmac.platform.api.FieldError;

/**
 * FreeMarker for tenants' templates, locked down and bounded. Locked down: no {@code ?new} / {@code ?api}, no class
 * loading, errors rethrown (never written into a mail), and only what {@link Sandbox} allows. Bounded: every render
 * runs with FreeMarker's interruption checks in its loops and a watchdog that interrupts it after
 * {@link Limits#millis()}, writes into a buffer that refuses more than {@link Limits#maxChars()} characters, and
 * parses numbers of at most 40 characters without exponent; so a template costs at most its time budget, on the
 * thread that renders it, and never the heap. Templates see only the event's variables, all strings. Also the
 * shipped defaults and the sample data previews render with.
 */
final class Templates implements AutoCloseable {

    /** The variables every template has. */
    static final List<String> COMMON = List.of("tenantName", "customerName", "customerEmail");

    /** The bounds of one render (subject or body). */
    record Limits(long millis, int maxChars) {
        static final Limits DEFAULT = new Limits(2000, 1_000_000);

        static Limits of(EmailConfig config) {
            return new Limits(Math.max(10, config.templateRenderMillis()),
                    Math.max(1000, config.templateMaxOutputChars()));
        }
    }

    private static final Configuration CONFIG = configuration();

    private final ScheduledThreadPoolExecutor watchdog;
    private volatile Limits limits;

    Templates(Limits limits) {
        this.limits = limits;
        this.watchdog = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "dotmac-template-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.setRemoveOnCancelPolicy(true); // a render that ends in time leaves nothing queued
        watchdog.setKeepAliveTime(10, TimeUnit.SECONDS);
        watchdog.allowCoreThreadTimeOut(true); // no thread while nothing renders
    }

    void limits(Limits limits) {
        this.limits = limits;
    }

    Limits limits() {
        return limits;
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    private static Configuration configuration() {
        Configuration c = new Configuration(Configuration.VERSION_2_3_32);
        c.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        c.setAPIBuiltinEnabled(false);
        c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        c.setLogTemplateExceptions(false);
        c.setWrapUncheckedExceptions(true);
        c.setDefaultEncoding("UTF-8");
        c.setArithmeticEngine(new BoundedNumbers());
        return c;
    }

    /** FreeMarker's decimal arithmetic, parsing at most 40 characters and no exponent ("1E999999999"?number). */
    private static final class BoundedNumbers extends ArithmeticEngine.BigDecimalEngine {
        @Override
        public Number toNumber(String s) {
            if (s.length() > 40 || s.indexOf('e') >= 0 || s.indexOf('E') >= 0) {
                throw new NumberFormatException("at most 40 characters, no exponent");
            }
            return super.toNumber(s);
        }
    }

    /** A template that failed to parse, was refused or failed to render: the field and a message. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        final transient FieldError error;
        /** Stopped by the time bound (the same template may render in time on a quieter machine). */
        final boolean overTime;

        Invalid(FieldError error) {
            this(error, false);
        }

        Invalid(FieldError error, boolean overTime) {
            super(error.message());
            this.error = error;
            this.overTime = overTime;
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
            case ISP_WELCOME -> List.of("companyName", "contactName", "tenant", "tier", "username", "password",
                    "portalUrl");
            case ISP_CONFIRM_EMAIL -> List.of("companyName", "contactName", "confirmUrl", "expiresAt");
            case ISP_LIMIT_WARNING -> List.of("companyName", "contactName", "tenant", "tier", "limit", "used", "maximum",
                    "percent", "upgradeTier");
            case DEMO_REMINDER -> List.of("companyName", "tenant", "portalUrl", "expiresAt");
            case DEMO_EXPIRED -> List.of("companyName", "tenant", "registerUrl");
            case CUSTOMER_SIGN_IN -> List.of("signInUrl", "expiresAt");
        };
    }

    /** A render stopped by its output bound. */
    private static final class TooLong extends IOException {
        private static final long serialVersionUID = 1L;

        TooLong() {
            super("too long");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // thrown to stop a render, never logged
        }
    }

    /** A buffer refusing more than {@code max} characters. */
    private static final class BoundedWriter extends Writer {
        private final StringBuilder out = new StringBuilder();
        private final int max;

        BoundedWriter(int max) {
            this.max = max;
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            if (out.length() + len > max) {
                throw new TooLong();
            }
            out.append(buf, off, len);
        }

        @Override
        public void write(String s, int off, int len) throws IOException {
            if (out.length() + len > max) {
                throw new TooLong();
            }
            out.append(s, off, off + len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }

    /** Who interrupts a render that runs too long, and whether it did (under its own lock, so never after). */
    private static final class Deadline implements Runnable {
        private final Thread thread = Thread.currentThread();
        private boolean over;
        private boolean fired;

        @Override
        public synchronized void run() {
            if (!over) {
                fired = true;
                thread.interrupt();
            }
        }

        /** Ends the watch; true when it interrupted the render (the flag is then cleared again). */
        synchronized boolean end() {
            over = true;
            if (fired) {
                Thread.interrupted();
            }
            return fired;
        }
    }

    /** Parses and checks {@code text} (the template's {@code field}), then renders it with {@code model}. */
    String render(String field, String text, Map<String, String> model) throws Invalid {
        Limits l = limits;
        Template template;
        try {
            template = new Template(field, new StringReader(text), CONFIG);
        } catch (ParseException e) {
            throw new Invalid(new FieldError(field, "line " + e.getLineNumber() + ", column " + e.getColumnNumber()
                    + ": " + e.getEditorMessage()));
        } catch (IOException e) {
            throw new Invalid(new FieldError(field, e.getMessage()));
        }
        Sandbox.check(field, template);
        _CoreAPI.addThreadInterruptedChecks(template);
        BoundedWriter out = new BoundedWriter(l.maxChars());
        Deadline deadline = new Deadline();
        ScheduledFuture<?> watch = watchdog.schedule(deadline, l.millis(), TimeUnit.MILLISECONDS);
        Throwable failure = null;
        try {
            template.process(model, out);
        } catch (TemplateException | IOException | RuntimeException | StackOverflowError e) {
            failure = e;
        } finally {
            watch.cancel(false);
        }
        if (deadline.end()) {
            throw new Invalid(new FieldError(field, "took longer than " + l.millis() + " ms to render"), true);
        }
        if (failure == null) {
            return out.toString();
        }
        if (failure instanceof TooLong || failure.getCause() instanceof TooLong) {
            throw new Invalid(new FieldError(field, "renders to more than " + l.maxChars() + " characters"));
        }
        if (failure instanceof TemplateException e) {
            // a variable the event does not have: name it (FreeMarker's own first line only says "null or missing")
            String what = e instanceof InvalidReferenceException && e.getBlamedExpressionString() != null
                    ? "unknown variable '" + e.getBlamedExpressionString() + "' (not one of this event's: "
                            + String.join(", ", model.keySet()) + ")"
                    : firstLine(e.getMessageWithoutStackTop());
            throw new Invalid(new FieldError(field, (e.getLineNumber() == null ? "" : "line " + e.getLineNumber()
                    + ", column " + e.getColumnNumber() + ": ") + what));
        }
        if (failure instanceof RuntimeException r && Thread.currentThread().isInterrupted()) {
            throw r; // interrupted by whoever owns the thread (a shutdown), not by the deadline: theirs to handle
        }
        throw new Invalid(new FieldError(field, failure instanceof StackOverflowError ? "nests too deeply"
                : failure.getMessage() == null ? failure.toString() : firstLine(failure.getMessage())));
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
            case ISP_WELCOME -> {
                m.put("customerName", "");
                m.put("customerEmail", "owner@acme-broadband.example");
                m.put("companyName", "Acme Broadband Ltd");
                m.put("contactName", "Ada Lovelace");
                m.put("tenant", "acme-broadband");
                m.put("tier", "BASIC");
                m.put("username", "admin");
                m.put("password", "Xq7rT2mPz9LkV4cHs8Nw");
                m.put("portalUrl", "https://dotmac.example/portal/");
            }
            case ISP_CONFIRM_EMAIL -> {
                m.put("customerName", "");
                m.put("customerEmail", "owner@acme-broadband.example");
                m.put("companyName", "Acme Broadband Ltd");
                m.put("contactName", "Ada Lovelace");
                m.put("confirmUrl", "https://dotmac.example/api/v1/isp/confirm?token=sample");
                m.put("expiresAt", "2026-12-09T10:00:00Z");
            }
            case DEMO_REMINDER -> {
                m.put("customerName", "");
                m.put("customerEmail", "owner@acme-broadband.example");
                m.put("companyName", "Acme Broadband Ltd");
                m.put("tenant", "demo-acme-broadband");
                m.put("portalUrl", "https://dotmac.example/portal/");
                m.put("expiresAt", "2026-12-14T10:00:00Z");
            }
            case DEMO_EXPIRED -> {
                m.put("customerName", "");
                m.put("customerEmail", "owner@acme-broadband.example");
                m.put("companyName", "Acme Broadband Ltd");
                m.put("tenant", "demo-acme-broadband");
                m.put("registerUrl", "https://dotmac.example/api/v1/isp/register");
            }
            case CUSTOMER_SIGN_IN -> {
                m.put("signInUrl", "https://dotmac.example/customer/?tenant=acme-broadband#signin=sample");
                m.put("expiresAt", "2026-12-09T10:15:00Z");
            }
            case ISP_LIMIT_WARNING -> {
                m.put("customerName", "");
                m.put("customerEmail", "owner@acme-broadband.example");
                m.put("companyName", "Acme Broadband Ltd");
                m.put("contactName", "Ada Lovelace");
                m.put("tenant", "acme-broadband");
                m.put("tier", "BASIC");
                m.put("limit", "customers");
                m.put("used", "800");
                m.put("maximum", "1000");
                m.put("percent", "80");
                m.put("upgradeTier", "PREMIUM");
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
            case ISP_CONFIRM_EMAIL -> new String[] { "Confirm your e-mail address for ${companyName}", """
                    Dear ${contactName},

                    ${companyName} registered with ${tenantName} for an instance of its own. Confirm that this is
                    your address, and the deployment starts:

                    ${confirmUrl}

                    The link works until ${expiresAt}. If you did not register, ignore this e-mail.

                    ${tenantName}
                    """ };
            case DEMO_REMINDER -> new String[] { "Your DotMac demo for ${companyName} ends on ${expiresAt}", """
                    Hello,

                    the demo ISP we set up for ${companyName} (tenant ${tenant}) has not been used yet. It is
                    waiting for you<#if portalUrl?has_content> at ${portalUrl}</#if> until ${expiresAt}; you can
                    extend it once by seven days from its portal.

                    ${tenantName}
                    """ };
            case CUSTOMER_SIGN_IN -> new String[] { "${tenantName}: your sign-in link", """
                    Dear ${customerName},

                    here is your link to sign in to your account with ${tenantName}:

                    ${signInUrl}

                    It works once, until ${expiresAt}. If you did not ask for it, ignore this e-mail.

                    Kind regards,
                    ${tenantName}
                    """ };
            case DEMO_EXPIRED -> new String[] { "Your DotMac demo for ${companyName} has ended", """
                    Hello,

                    the demo ISP of ${companyName} (tenant ${tenant}) has ended, and its data is deleted.
                    <#if registerUrl?has_content>To run your own ISP on DotMac, register at ${registerUrl}.</#if>

                    ${tenantName}
                    """ };
            case ISP_LIMIT_WARNING -> new String[] { "${companyName}: ${used} of ${maximum} ${limit} (${percent} %)", """
                    Dear ${contactName},

                    ${companyName} (tenant ${tenant}) has ${used} ${limit}: ${percent} % of what its tier,
                    ${tier}, allows (${maximum}).
                    <#if percent == "100">No more can be added until the tier is raised<#else>At ${maximum} no more can
                    be added</#if><#if upgradeTier?has_content>: ${upgradeTier} allows more</#if>.

                    ${tenantName}
                    """ };
            case ISP_WELCOME -> new String[] { "Your ISP ${companyName} is ready", """
                    Dear ${contactName},

                    ${companyName} is set up on ${tenantName} (tenant ${tenant}, tier ${tier}).

                    Log in to the portal<#if portalUrl?has_content> at ${portalUrl}</#if> with
                      tenant:   ${tenant}
                      username: ${username}
                      password: ${password}

                    This initial password is sent once: keep it safe.

                    ${tenantName}
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
