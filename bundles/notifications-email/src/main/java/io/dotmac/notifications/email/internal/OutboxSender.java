package io.dotmac.notifications.email.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.billing.basic.Invoice;
import io.dotmac.billing.basic.InvoiceService;
import io.dotmac.customers.Customer;
import io.dotmac.customers.CustomerService;
import io.dotmac.notifications.email.EmailAttachment;
import io.dotmac.notifications.email.EmailEvent;
import io.dotmac.notifications.email.EmailSettings;
import io.dotmac.notifications.email.EmailTemplate;
import io.dotmac.persistence.Database;
import io.dotmac.persistence.QueueDepth;
import io.dotmac.platform.api.Brands;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.metrics.Metrics;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantService;

/**
 * The outbox's sending side. Claims due messages (on PostgreSQL with {@code FOR UPDATE SKIP LOCKED}, so several
 * nodes never claim the same row), leases them, renders each with its tenant's template, sends them over SMTP (one
 * connection per server and batch), and marks each {@code SENT}, or {@code PENDING} again with an exponential
 * backoff, or {@code FAILED} after the last attempt. A message whose sender died while holding it is claimed again
 * once its lease runs out. Only tenants for which the plugin is active are sent for; the others' messages wait.
 */
@Component(immediate = true) // nobody asks for it: it works on its own
public class OutboxSender {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);

    private final Database db;
    private final EmailOutbox outbox;
    private final TenantService tenants;
    private final CustomerService customers;
    private final InvoiceService invoices;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService worker;

    @Activate
    public OutboxSender(@Reference Database db, @Reference EmailOutbox outbox, @Reference TenantService tenants,
            @Reference CustomerService customers, @Reference InvoiceService invoices) {
        this.db = db;
        this.outbox = outbox;
        this.tenants = tenants;
        this.customers = customers;
        this.invoices = invoices;
        // several senders only where claims skip each other's rows (PostgreSQL); H2 is one node with one sender
        int senders = db.vendor().equals("postgresql") ? Math.max(1, outbox.config().senderThreads()) : 1;
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        this.worker = Executors.newScheduledThreadPool(senders, r -> {
            Thread t = new Thread(r, "dotmac-email-outbox-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < senders; i++) {
            worker.scheduleWithFixedDelay(this::drain, i * 10L, Math.max(50, outbox.config().pollMillis()),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Attempts to send by outcome, while the metrics service is there. */
    private volatile Metrics.TenantCounter sent;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMetrics(Metrics metrics) {
        sent = metrics.tenantCounter("emails", "Attempts to send an e-mail by outcome: sent, retry (failed, tried "
                + "again later), failed (given up)", "outcome");
        metrics.gauge("email_outbox_depth", "E-mails not sent yet, by status (PENDING: waiting for their time; "
                + "SENDING: claimed by the sender)", samples -> {
                    long[] counts = QueueDepth.count(db, "dotmac_email_outbox", "PENDING", "SENDING");
                    samples.set(counts[0], "PENDING");
                    samples.set(counts[1], "SENDING");
                }, "status");
    }

    void unbindMetrics(Metrics metrics) {
        sent = null;
    }

    @Deactivate
    void stop() throws InterruptedException {
        worker.shutdownNow(); // claimed messages are taken again when their lease runs out
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** A claimed message. */
    record Claimed(String id, String tenantId, EmailEvent event, String customerId, String recipient,
            Map<String, String> payload, int attempts) {
    }

    /** Sends batches until nothing is due. */
    void drain() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                List<Claimed> batch = claim();
                if (batch.isEmpty()) {
                    return;
                }
                send(batch);
            }
        } catch (RuntimeException e) {
            // the next tick tries again (a database away, ...)
            LOG.warn("The e-mail outbox could not be sent now: {}", e.toString());
        }
    }

    /** A message that may be claimed: due, or held by a sender whose lease ran out. */
    private static final String DUE = "((o.status = 'PENDING' AND o.next_attempt_at <= ?) OR (o.status = 'SENDING' "
            + "AND o.lease_until < ?))";

    List<Claimed> claim() {
        EmailConfig config = outbox.config();
        Instant now = clock.instant();
        return db.acrossTenants(c -> {
            // fair: each tenant's oldest due messages first, interleaved (a tenant's first, every tenant's second,
            // ...), at most perTenantBatch of one tenant; then those still due are locked (a window function cannot
            // be FOR UPDATE)
            List<String> candidates = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM (SELECT o.id, o.next_attempt_at, "
                    + "ROW_NUMBER() OVER (PARTITION BY o.tenant_id ORDER BY o.next_attempt_at, o.id) AS turn "
                    + "FROM dotmac_email_outbox o WHERE " + DUE + " AND EXISTS (SELECT 1 FROM dotmac_email_settings s "
                    + "WHERE s.tenant_id = o.tenant_id AND s.active = TRUE)) d WHERE turn <= ? "
                    + "ORDER BY turn, next_attempt_at, id LIMIT ?")) {
                s.setTimestamp(1, Timestamp.from(now));
                s.setTimestamp(2, Timestamp.from(now));
                s.setInt(3, Math.max(1, config.perTenantBatch()));
                s.setInt(4, Math.max(1, config.batchSize()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(rs.getString(1));
                    }
                }
            }
            if (candidates.isEmpty()) {
                return List.of();
            }
            List<String> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT o.id FROM dotmac_email_outbox o WHERE o.id IN ("
                    + String.join(", ", Collections.nCopies(candidates.size(), "?")) + ") AND " + DUE
                    + (db.vendor().equals("postgresql") ? " FOR UPDATE OF o SKIP LOCKED" : " FOR UPDATE"))) {
                for (int i = 0; i < candidates.size(); i++) {
                    s.setString(i + 1, candidates.get(i));
                }
                s.setTimestamp(candidates.size() + 1, Timestamp.from(now));
                s.setTimestamp(candidates.size() + 2, Timestamp.from(now));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            if (ids.isEmpty()) {
                return List.of();
            }
            String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_email_outbox SET status = 'SENDING', "
                    + "attempts = attempts + 1, lease_until = ? WHERE id IN (" + in + ")")) {
                s.setTimestamp(1, Timestamp.from(now.plusSeconds(Math.max(10, config.leaseSeconds()))));
                for (int i = 0; i < ids.size(); i++) {
                    s.setString(i + 2, ids.get(i));
                }
                s.executeUpdate();
            }
            List<Claimed> claimed = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, tenant_id, event, customer_id, payload, attempts, "
                    + "recipient FROM dotmac_email_outbox WHERE id IN (" + in + ") ORDER BY tenant_id, id")) {
                for (int i = 0; i < ids.size(); i++) {
                    s.setString(i + 1, ids.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(new Claimed(rs.getString(1), rs.getString(2), EmailEvent.of(rs.getString(3)),
                                rs.getString(4), rs.getString(7), EmailOutbox.payload(rs.getString(5)),
                                rs.getInt(6)));
                    }
                }
            }
            return claimed;
        });
    }

    /**
     * A message ready to go; or why it cannot be made ({@code unsendable}: not retried); or why not now
     * ({@code later}: tried again after the usual wait).
     */
    private record Prepared(Claimed claimed, Mailer.Smtp smtp, Mailer.Mail mail, String unsendable, String later) {
        Prepared(Claimed claimed, Mailer.Smtp smtp, Mailer.Mail mail, String unsendable) {
            this(claimed, smtp, mail, unsendable, null);
        }
    }

    /** What a batch reads once per tenant (and event), not once per message. */
    private final class BatchCache {
        final Map<String, Optional<TenantRef>> refs = new HashMap<>();
        final Map<String, String> names = new HashMap<>();
        final Map<String, EmailTemplate> templates = new HashMap<>();
        final Map<String, Mailer.Smtp> servers = new HashMap<>();
        final Map<String, EmailSettings> settings = new HashMap<>();
        final Map<String, Optional<Brands.Brand>> brands = new HashMap<>();

        /** The tenant's brand while it has white_label; empty: its mail is signed with DotMac's mark. */
        Optional<Brands.Brand> brand(TenantRef tenant) {
            return brands.computeIfAbsent(tenant.id(), k -> Brands.of(outbox.licences(), tenant));
        }

        EmailTemplate template(TenantRef tenant, EmailEvent event) {
            return templates.computeIfAbsent(tenant.id() + "/" + event.key(), k -> outbox.template(tenant, event));
        }

        EmailSettings settings(TenantRef tenant) {
            return settings.computeIfAbsent(tenant.id(), k -> outbox.settings(tenant));
        }

        Mailer.Smtp smtp(TenantRef tenant) {
            return servers.computeIfAbsent(tenant.id(), k -> server(tenant, settings(tenant)));
        }
    }

    private void send(List<Claimed> batch) {
        BatchCache cache = new BatchCache();
        Map<String, Optional<TenantRef>> refs = cache.refs;
        Map<String, String> names = cache.names;
        List<Prepared> prepared = new ArrayList<>();
        // a tenant whose template ran out of time once in this batch costs no more time in it: its other messages
        // go back to the outbox untried, for the next batch
        Set<String> overTime = new HashSet<>();
        List<Claimed> released = new ArrayList<>();
        for (Claimed m : batch) {
            if (overTime.contains(m.tenantId())) {
                released.add(m);
                continue;
            }
            Optional<TenantRef> ref = refs.computeIfAbsent(m.tenantId(), id -> {
                Optional<Tenant> t = tenants.find(id);
                t.ifPresent(x -> names.put(id, x.name()));
                return t.map(Tenant::ref);
            });
            if (ref.isEmpty()) {
                prepared.add(new Prepared(m, null, null, "the tenant no longer exists"));
                continue;
            }
            try {
                prepared.add(prepare(m, ref.get(), names.get(m.tenantId()), cache));
            } catch (Templates.Invalid e) {
                if (e.overTime) {
                    overTime.add(m.tenantId());
                    prepared.add(new Prepared(m, null, null, null, "the template's " + e.error.field() + " "
                            + e.error.message()));
                    continue;
                }
                prepared.add(new Prepared(m, null, null, "the template is invalid: " + e.error.field() + " "
                        + e.error.message()));
            } catch (DotMacException | IllegalStateException e) {
                // the customer or invoice is gone, the stored password cannot be opened: trying again will not help
                prepared.add(new Prepared(m, null, null, e.getMessage()));
            }
        }
        // one connection per SMTP server of the batch; the outcomes written together afterwards
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        Map<Mailer.Smtp, List<Prepared>> byServer = new LinkedHashMap<>();
        for (Prepared p : prepared) {
            if (p.unsendable() != null) {
                outcomes.add(new Outcome(p.claimed(), "FAILED", p.unsendable(), null, null, null));
            } else if (p.later() != null) {
                outcomes.add(retry(p.claimed(), p.later(), null, null));
            } else {
                byServer.computeIfAbsent(p.smtp(), k -> new ArrayList<>()).add(p);
            }
        }
        for (Claimed m : released) {
            outcomes.add(new Outcome(m, "RELEASED", null, null, null, null));
        }
        // the instance's server first: a slow server a tenant named delays only the other tenant-named ones
        List<Map.Entry<Mailer.Smtp, List<Prepared>>> servers = new ArrayList<>(byServer.entrySet());
        servers.sort(Comparator.comparing(e -> e.getKey().tenantChosen()));
        for (Map.Entry<Mailer.Smtp, List<Prepared>> server : servers) {
            List<Prepared> mails = server.getValue();
            List<String> results = Mailer.send(server.getKey(), mails.stream().map(Prepared::mail).toList(),
                    outbox.guard());
            for (int i = 0; i < mails.size(); i++) {
                Prepared p = mails.get(i);
                String error = results.get(i);
                outcomes.add(error == null
                        ? new Outcome(p.claimed(), "SENT", null, p.mail().to(), p.mail().subject(), null)
                        : retry(p.claimed(), error, p.mail().to(), p.mail().subject()));
            }
        }
        record(outcomes);
    }

    private Prepared prepare(Claimed m, TenantRef tenant, String tenantName, BatchCache cache)
            throws Templates.Invalid {
        // a customer's message goes to the customer; a direct one (a report) to the address it was queued for
        String name;
        String to;
        if (m.customerId() != null) {
            Customer customer = customers.get(tenant, m.customerId());
            name = customer.name();
            to = customer.email();
        } else {
            name = "";
            to = m.recipient();
        }
        Map<String, String> model = new LinkedHashMap<>();
        for (String v : EmailOutbox.variables(m.event())) {
            model.put(v, "");
        }
        model.putAll(m.payload());
        if (m.payload().containsKey("number")) {
            model.put("invoiceNumber", m.payload().get("number"));
        }
        model.put("tenantName", tenantName);
        model.put("customerName", name);
        model.put("customerEmail", to);
        EmailTemplate template = cache.template(tenant, m.event());
        String subject = outbox.templates().render("subject", template.subject(), model).strip();
        String body = outbox.templates().render("body", template.body(), model);
        List<EmailAttachment> files = new ArrayList<>();
        if (m.event() == EmailEvent.INVOICE_ISSUED && m.payload().containsKey("invoiceId")) {
            Invoice invoice = invoices.get(tenant, m.payload().get("invoiceId"));
            files.add(new EmailAttachment(invoice.number() + ".pdf", "application/pdf",
                    invoices.pdf(tenant, invoice.id())));
        }
        if (m.customerId() == null) {
            files.addAll(db.inTenant(tenant, c -> EmailOutbox.attachments(c, m.id())));
        }
        EmailConfig config = outbox.config();
        EmailSettings s = cache.settings(tenant);
        Mailer.Smtp smtp = cache.smtp(tenant);
        Optional<Brands.Brand> brand = cache.brand(tenant);
        String fromName = or(s.fromName(), or(brand.map(Brands.Brand::emailFromName).orElse(null),
                config.fromName().isEmpty() ? tenantName : config.fromName()));
        String fromAddress = or(s.fromAddress(), or(brand.map(Brands.Brand::emailFromAddress).orElse(null),
                config.fromAddress()));
        Mailer.Mail mail = new Mailer.Mail(m.id(), fromAddress, fromName, to, subject,
                signed(body, tenantName, brand), files);
        return new Prepared(m, smtp, mail, null);
    }

    /**
     * {@code body} with its signature after the usual {@code "-- "} line: the brand's legal name and address where
     * the tenant has white_label, else the tenant's name and a discreet "DotMac" mark.
     */
    static String signed(String body, String tenantName, Optional<Brands.Brand> brand) {
        StringBuilder b = new StringBuilder(body.stripTrailing()).append("\n\n-- \n");
        if (brand.isEmpty()) {
            return b.append(tenantName).append("\nSent with DotMac\n").toString();
        }
        Brands.Brand x = brand.get();
        b.append(x.legalName() != null ? x.legalName() : tenantName).append('\n');
        if (x.address() != null) {
            b.append(x.address().strip()).append('\n');
        }
        return b.toString();
    }

    /** The tenant's SMTP server (see {@link #server(EmailConfig, EmailSettings, Supplier)}). */
    private Mailer.Smtp server(TenantRef tenant, EmailSettings s) {
        return server(outbox.config(), s, () -> outbox.secrets().open(
                db.inTenant(tenant, c -> EmailOutbox.stored(c, tenant, false)).sealedPassword()));
    }

    /**
     * The SMTP server of a tenant's settings, as one unit: a tenant that names its own host gets its own port
     * (default 25), STARTTLS and login (or none), never the instance's; a tenant that names none gets the instance's
     * server with the instance's login, whatever else it set. The instance's credentials never go to a server a
     * tenant chose.
     */
    static Mailer.Smtp server(EmailConfig config, EmailSettings s, Supplier<String> tenantPassword) {
        int timeout = Math.max(1000, config.smtpTimeoutMillis());
        if (s.smtpHost() == null || s.smtpHost().isEmpty()) {
            return new Mailer.Smtp(config.smtpHost(), config.smtpPort(), config.smtpStartTls(), config.smtpUsername(),
                    config.smtpPassword(), timeout, false);
        }
        return new Mailer.Smtp(s.smtpHost(), s.smtpPort() != null ? s.smtpPort() : 25,
                Boolean.TRUE.equals(s.smtpStartTls()), s.smtpUsername() == null ? "" : s.smtpUsername(),
                Boolean.TRUE.equals(s.smtpPasswordSet()) ? tenantPassword.get() : "", timeout, true);
    }

    private static String or(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    /** What became of a claimed message: its new status, and when to try again. */
    private record Outcome(Claimed claimed, String status, String error, String to, String subject, Instant next) {
    }

    /** PENDING again after {@code base × 2^(attempts-1)} seconds (at most the maximum), or FAILED after the last. */
    private Outcome retry(Claimed m, String error, String to, String subject) {
        EmailConfig config = outbox.config();
        if (m.attempts() >= Math.max(1, config.maxAttempts())) {
            return new Outcome(m, "FAILED", error, to, subject, null);
        }
        long wait = Math.min(Math.max(1, config.retryMaxSeconds()),
                Math.max(1, config.retryBaseSeconds()) * (1L << Math.min(20, m.attempts() - 1)));
        return new Outcome(m, "PENDING", error, to, subject, clock.instant().plusSeconds(wait));
    }

    /**
     * Writes a batch's outcomes in one transaction (only rows still SENDING: a lease lost meanwhile wins). A
     * {@code RELEASED} message is PENDING again as it was, its claim not counted as an attempt.
     */
    private void record(List<Outcome> outcomes) {
        Timestamp now = Timestamp.from(clock.instant());
        db.acrossTenants(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_email_outbox SET status = 'PENDING', "
                    + "attempts = attempts - 1, lease_until = NULL WHERE id = ? AND status = 'SENDING'")) {
                for (Outcome o : outcomes) {
                    if (o.status().equals("RELEASED")) {
                        s.setString(1, o.claimed().id());
                        s.addBatch();
                    }
                }
                s.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_email_outbox SET status = ?, last_error = ?, "
                    + "recipient = COALESCE(?, recipient), subject = COALESCE(?, subject), lease_until = NULL, "
                    + "next_attempt_at = COALESCE(?, next_attempt_at), sent_at = ? WHERE id = ? "
                    + "AND status = 'SENDING'")) {
                for (Outcome o : outcomes) {
                    if (o.status().equals("RELEASED")) {
                        continue;
                    }
                    s.setString(1, o.status());
                    s.setString(2, o.error() == null ? null : o.error().substring(0, Math.min(1000,
                            o.error().length())));
                    s.setString(3, o.to());
                    s.setString(4, o.subject() == null ? null : o.subject().substring(0, Math.min(1000,
                            o.subject().length())));
                    s.setTimestamp(5, o.next() == null ? null : Timestamp.from(o.next()));
                    s.setTimestamp(6, o.status().equals("SENT") ? now : null);
                    s.setString(7, o.claimed().id());
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
        Metrics.TenantCounter counter = sent;
        if (counter != null) {
            for (Outcome o : outcomes) {
                String outcome = switch (o.status()) {
                    case "SENT" -> "sent";
                    case "FAILED" -> "failed";
                    case "PENDING" -> "retry";
                    default -> null; // released: not an attempt
                };
                if (outcome != null) {
                    tenants.find(o.claimed().tenantId()).ifPresent(t -> counter.increment(t.ref(), outcome));
                }
            }
        }
    }
}
