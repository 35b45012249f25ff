package io.dotmac.notifications.email.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dotmac.billing.basic.BillingEvents;
import io.dotmac.customers.CustomerEvents;
import io.dotmac.notifications.email.EmailAttachment;
import io.dotmac.notifications.email.EmailEvent;
import io.dotmac.notifications.email.EmailMessage;
import io.dotmac.notifications.email.EmailNotifications;
import io.dotmac.notifications.email.EmailSettings;
import io.dotmac.notifications.email.EmailTemplate;
import io.dotmac.persistence.Database;
import io.dotmac.persistence.DomainEvents;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.persistence.PagedQuery;
import io.dotmac.persistence.TransactionalEventListener;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.Page;
import io.dotmac.security.Secrets;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.net.OutboundGuard;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.platform.api.TooManyRequestsException;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.tickets.TicketEvents;

/**
 * {@link EmailNotifications}, and the outbox's writing side: a {@link TransactionalEventListener}, so the row of an
 * e-mail is written in the very transaction of the event that causes it (an invoice issued, a payment recorded, ...)
 * and exists exactly when that change does. Only for tenants entitled to {@code email_notifications} (licensing
 * layer 2); the mail itself is rendered and sent later by {@link OutboxSender}.
 */
@Component(service = { EmailNotifications.class, TransactionalEventListener.class, EmailOutbox.class },
        configurationPid = EmailConfig.PID,
        property = { TransactionalEventListener.TOPICS + "=io/dotmac/billing/*",
            TransactionalEventListener.TOPICS + "=" + TicketEvents.TICKET_UPDATED,
            TransactionalEventListener.TOPICS + "=" + CustomerEvents.CUSTOMER_CREATED })
@Designate(ocd = EmailConfig.class)
public class EmailOutbox implements EmailNotifications, TransactionalEventListener {

    static final String PLUGIN = "email_notifications";
    static final int MAX_SUBJECT = 1000;
    static final int MAX_BODY = 20000;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, event, customer_id, recipient, subject, status, attempts, last_error, "
            + "created_at, next_attempt_at, sent_at";

    private final Database db;
    private final TenantServices licences;
    private final Clock clock = Clock.systemUTC();
    private volatile EmailConfig config;
    /** The outbound guard for SMTP servers tenants name, with the networks the configuration allows. */
    private volatile OutboundGuard guard;
    private final Secrets secretKeys;
    private volatile Secrets.Sealer secrets;
    /** Renders tenants' templates within the configured bounds (previews, checks and the sender alike). */
    private final Templates templates = new Templates(Templates.Limits.DEFAULT);
    /** One preview or check at a time per tenant: its renders cost at most their budget, one after the other. */
    private final Map<String, Semaphore> checking = new ConcurrentHashMap<>();

    @Activate
    public EmailOutbox(@Reference Database db, @Reference TenantServices licences, @Reference Secrets secretKeys,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=email_notifications)") MigratedSchema schema,
            EmailConfig config) {
        this.db = db;
        this.licences = licences;
        this.secretKeys = secretKeys;
        modified(config);
    }

    @Modified
    void modified(EmailConfig config) {
        this.guard = new OutboundGuard(config.allowedNetworks());
        this.config = config;
        this.secrets = secretKeys.sealer(config.keyFile());
        this.templates.limits(Templates.Limits.of(config));
    }

    @Deactivate
    void deactivate() {
        templates.close();
    }

    TenantServices licences() {
        return licences;
    }

    Templates templates() {
        return templates;
    }

    OutboundGuard guard() {
        return guard;
    }

    EmailConfig config() {
        return config;
    }

    Secrets.Sealer secrets() {
        return secrets;
    }

    // ---- the outbox's writing side

    /** The e-mail an event causes, or {@code null}. */
    static EmailEvent eventOf(String topic) {
        return switch (topic) {
            case BillingEvents.INVOICE_ISSUED -> EmailEvent.INVOICE_ISSUED;
            case BillingEvents.PAYMENT_RECEIVED -> EmailEvent.PAYMENT_RECEIVED;
            case BillingEvents.PAYMENT_OVERDUE -> EmailEvent.PAYMENT_OVERDUE;
            case BillingEvents.SERVICE_RESUMED -> EmailEvent.SERVICE_RESUMED;
            case TicketEvents.TICKET_UPDATED -> EmailEvent.TICKET_UPDATED;
            case CustomerEvents.CUSTOMER_CREATED -> EmailEvent.WELCOME;
            default -> null;
        };
    }

    @Override
    public void inTransaction(TenantRef tenant, String topic, Map<String, Object> properties) {
        EmailEvent event = eventOf(topic);
        Object customerId = properties.get("customerId");
        if (event == null || customerId == null) {
            return;
        }
        Map<String, String> payload = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            if (!k.equals(DomainEvents.TENANT) && !k.equals(DomainEvents.TENANT_SLUG) && v != null
                    && !(v instanceof java.util.Collection<?>)) {
                payload.put(k, String.valueOf(v));
            }
        });
        String json;
        try {
            json = JSON.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_email_outbox (id, tenant_id, event, "
                    + "customer_id, payload, status, attempts, next_attempt_at, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)")) {
                s.setString(1, Ids.next());
                s.setString(2, tenant.id());
                s.setString(3, event.key());
                s.setString(4, customerId.toString());
                s.setString(5, json.length() > 8000 ? json.substring(0, 8000) : json);
                s.setTimestamp(6, Timestamp.from(now));
                s.setTimestamp(7, Timestamp.from(now));
                s.executeUpdate();
            }
            return null;
        });
    }

    /** The most a message's attachments may weigh together: 10 MB. */
    static final int MAX_ATTACHMENTS_BYTES = 10 * 1024 * 1024;

    @Override
    public List<String> queue(TenantRef tenant, EmailEvent event, List<String> recipients,
            Map<String, String> variables, List<EmailAttachment> attachments) {
        List<FieldError> errors = new ArrayList<>();
        if (recipients == null || recipients.isEmpty()) {
            errors.add(new FieldError("recipients", "at least one address is required"));
        } else {
            for (int i = 0; i < recipients.size(); i++) {
                String r = recipients.get(i);
                if (r == null || r.length() > 254 || !EMAIL.matcher(r).matches()) {
                    errors.add(new FieldError("recipients[" + i + "]", "must be an e-mail address"));
                }
            }
        }
        long size = attachments.stream().mapToLong(a -> a.content().length).sum();
        if (size > MAX_ATTACHMENTS_BYTES) {
            errors.add(new FieldError("attachments", "must weigh at most " + MAX_ATTACHMENTS_BYTES + " bytes"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        licences.check(tenant, PLUGIN);
        String json;
        try {
            json = JSON.writeValueAsString(variables);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (json.length() > 8000) {
            throw new ValidationException("variables", "must take at most 8000 characters as JSON");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return db.inTenant(tenant, c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_email_outbox (id, tenant_id, event, "
                    + "recipient, payload, status, attempts, next_attempt_at, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)");
                    PreparedStatement a = c.prepareStatement("INSERT INTO dotmac_email_attachment (outbox_id, seq, "
                            + "tenant_id, filename, content_type, content) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (String recipient : recipients) {
                    String id = Ids.next();
                    ids.add(id);
                    s.setString(1, id);
                    s.setString(2, tenant.id());
                    s.setString(3, event.key());
                    s.setString(4, recipient);
                    s.setString(5, json);
                    s.setTimestamp(6, Timestamp.from(now));
                    s.setTimestamp(7, Timestamp.from(now));
                    s.executeUpdate();
                    for (int i = 0; i < attachments.size(); i++) {
                        EmailAttachment file = attachments.get(i);
                        a.setString(1, id);
                        a.setInt(2, i);
                        a.setString(3, tenant.id());
                        a.setString(4, file.filename());
                        a.setString(5, file.contentType());
                        a.setBytes(6, file.content());
                        a.addBatch();
                    }
                }
                if (!attachments.isEmpty()) {
                    a.executeBatch();
                }
            }
            return ids;
        });
    }

    /** The attachments of outbox message {@code id}, in order. */
    static List<EmailAttachment> attachments(Connection c, String id) throws SQLException {
        List<EmailAttachment> files = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT filename, content_type, content "
                + "FROM dotmac_email_attachment WHERE outbox_id = ? ORDER BY seq")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    files.add(new EmailAttachment(rs.getString(1), rs.getString(2), rs.getBytes(3)));
                }
            }
        }
        return files;
    }

    static Map<String, String> payload(String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable outbox payload", e);
        }
    }

    // ---- messages

    private static EmailMessage readMessage(ResultSet rs) throws SQLException {
        Timestamp sent = rs.getTimestamp(11);
        return new EmailMessage(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getInt(7), rs.getString(8), rs.getTimestamp(9).toInstant(),
                rs.getTimestamp(10).toInstant(), sent == null ? null : sent.toInstant());
    }

    @Override
    public Page<EmailMessage> messages(TenantRef tenant, String status, EmailEvent event, int limit, String cursor) {
        PagedQuery query = PagedQuery.of(COLUMNS, "dotmac_email_outbox", tenant.id());
        if (status != null) {
            query.where("status = ?", status);
        }
        if (event != null) {
            query.where("event = ?", event.key());
        }
        return db.inTenant(tenant, c -> query.fetch(c, EmailOutbox::readMessage, EmailMessage::id, limit, cursor));
    }

    // ---- templates

    @Override
    public List<EmailTemplate> templates(TenantRef tenant) {
        List<EmailTemplate> all = new ArrayList<>();
        for (EmailEvent e : EmailEvent.values()) {
            all.add(template(tenant, e));
        }
        return all;
    }

    @Override
    public EmailTemplate template(TenantRef tenant, EmailEvent event) {
        return db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT subject, body FROM dotmac_email_template "
                    + "WHERE tenant_id = ? AND event = ?")) {
                s.setString(1, tenant.id());
                s.setString(2, event.key());
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        return new EmailTemplate(event.key(), rs.getString(1), rs.getString(2), true,
                                variables(event));
                    }
                }
            }
            String[] d = Templates.defaults(event);
            return new EmailTemplate(event.key(), d[0], d[1], false, variables(event));
        });
    }

    static List<String> variables(EmailEvent event) {
        List<String> all = new ArrayList<>(Templates.COMMON);
        all.addAll(Templates.variables(event));
        return all;
    }

    /**
     * {@link #check(Templates, EmailEvent, EmailTemplate.Input)}, one at a time per tenant: a tenant that asks for
     * more waits up to one render's budget, then is told to try again (429).
     */
    private EmailTemplate.Preview check(TenantRef tenant, EmailEvent event, EmailTemplate.Input in) {
        Semaphore gate = checking.computeIfAbsent(tenant.id(), k -> new Semaphore(1));
        long wait = templates.limits().millis();
        try {
            if (!gate.tryAcquire(wait, TimeUnit.MILLISECONDS)) {
                throw new TooManyRequestsException("another template of this tenant is being checked; try again",
                        Math.max(1, wait / 1000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TooManyRequestsException("interrupted; try again", 1);
        }
        try {
            return check(templates, event, in);
        } finally {
            gate.release();
        }
    }

    /** Both parts checked by rendering them with the event's sample data; each error names its part and position. */
    static EmailTemplate.Preview check(Templates templates, EmailEvent event, EmailTemplate.Input in) {
        if (in == null) {
            throw new ValidationException("body", "a template is required");
        }
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> sample = Templates.sample(event);
        String subject = part(templates, "subject", in.subject(), MAX_SUBJECT, sample, errors);
        String body = part(templates, "body", in.body(), MAX_BODY, sample, errors);
        if (subject != null && (subject.contains("\n") || subject.contains("\r"))) {
            errors.add(new FieldError("subject", "must render to a single line"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new EmailTemplate.Preview(subject, body);
    }

    private static String part(Templates templates, String field, String text, int max, Map<String, String> sample,
            List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        if (text.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
            return null;
        }
        try {
            return templates.render(field, text, sample);
        } catch (Templates.Invalid e) {
            errors.add(e.error);
            return null;
        }
    }

    @Override
    public EmailTemplate putTemplate(TenantRef tenant, EmailEvent event, EmailTemplate.Input input) {
        check(tenant, event, input);
        return db.inTenant(tenant, c -> {
            int updated;
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_email_template SET subject = ?, body = ?, "
                    + "updated_at = ? WHERE tenant_id = ? AND event = ?")) {
                s.setString(1, input.subject());
                s.setString(2, input.body());
                s.setTimestamp(3, Timestamp.from(clock.instant()));
                s.setString(4, tenant.id());
                s.setString(5, event.key());
                updated = s.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_email_template (subject, body, "
                        + "updated_at, tenant_id, event) VALUES (?, ?, ?, ?, ?)")) {
                    s.setString(1, input.subject());
                    s.setString(2, input.body());
                    s.setTimestamp(3, Timestamp.from(clock.instant()));
                    s.setString(4, tenant.id());
                    s.setString(5, event.key());
                    s.executeUpdate();
                }
            }
            return new EmailTemplate(event.key(), input.subject(), input.body(), true, variables(event));
        });
    }

    @Override
    public EmailTemplate resetTemplate(TenantRef tenant, EmailEvent event) {
        db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM dotmac_email_template WHERE tenant_id = ? "
                    + "AND event = ?")) {
                s.setString(1, tenant.id());
                s.setString(2, event.key());
                return s.executeUpdate();
            }
        });
        return template(tenant, event);
    }

    @Override
    public EmailTemplate.Preview preview(TenantRef tenant, EmailEvent event, EmailTemplate.Input input) {
        if (input == null || input.subject() == null && input.body() == null) {
            EmailTemplate t = template(tenant, event);
            return check(tenant, event, new EmailTemplate.Input(t.subject(), t.body()));
        }
        EmailTemplate t = template(tenant, event);
        return check(tenant, event, new EmailTemplate.Input(input.subject() != null ? input.subject() : t.subject(),
                input.body() != null ? input.body() : t.body()));
    }

    // ---- settings

    /** A tenant's row: the settings (password still sealed) and whether the plugin is active for it. */
    record Stored(EmailSettings settings, String sealedPassword, boolean active) {
    }

    static Stored stored(Connection c, TenantRef tenant, boolean lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT from_name, from_address, smtp_host, smtp_port, "
                + "smtp_username, smtp_password_enc, smtp_starttls, active FROM dotmac_email_settings "
                + "WHERE tenant_id = ?" + (lock ? " FOR UPDATE" : ""))) {
            s.setString(1, tenant.id());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                int port = rs.getInt(4);
                Integer smtpPort = rs.wasNull() ? null : port;
                boolean tls = rs.getBoolean(7);
                Boolean startTls = rs.wasNull() ? null : tls;
                String sealed = rs.getString(6);
                return new Stored(new EmailSettings(rs.getString(1), rs.getString(2), rs.getString(3), smtpPort,
                        rs.getString(5), null, startTls, sealed != null), sealed, rs.getBoolean(8));
            }
        }
    }

    private static final EmailSettings NONE = new EmailSettings(null, null, null, null, null, null, null, false);

    @Override
    public EmailSettings settings(TenantRef tenant) {
        Stored s = db.inTenant(tenant, c -> stored(c, tenant, false));
        return s == null ? NONE : s.settings();
    }

    @Override
    public EmailSettings updateSettings(TenantRef tenant, EmailSettings in) {
        if (in == null) {
            throw new ValidationException("body", "the settings are required");
        }
        List<FieldError> errors = new ArrayList<>();
        if (in.fromName() != null && in.fromName().length() > 200) {
            errors.add(new FieldError("fromName", "must be at most 200 characters"));
        }
        if (in.fromAddress() != null && !in.fromAddress().isEmpty() && !EMAIL.matcher(in.fromAddress()).matches()) {
            errors.add(new FieldError("fromAddress", "must be an e-mail address"));
        }
        if (in.smtpHost() != null && !in.smtpHost().isEmpty()) {
            if (!HOST.matcher(in.smtpHost()).matches()) {
                errors.add(new FieldError("smtpHost", "must be a host name or address"));
            } else {
                try {
                    guard.resolve(in.smtpHost().strip());
                } catch (OutboundGuard.Refused e) {
                    errors.add(new FieldError("smtpHost", "refused by policy: " + e.getMessage() + " (allowed "
                            + "networks: etc/" + EmailConfig.PID + ".cfg)"));
                }
            }
        }
        if (in.smtpPort() != null && (in.smtpPort() < 1 || in.smtpPort() > 65535)) {
            errors.add(new FieldError("smtpPort", "must be a port from 1 to 65535"));
        }
        if (in.smtpUsername() != null && in.smtpUsername().length() > 320) {
            errors.add(new FieldError("smtpUsername", "must be at most 320 characters"));
        }
        if (in.smtpPassword() != null && in.smtpPassword().length() > 500) {
            errors.add(new FieldError("smtpPassword", "must be at most 500 characters"));
        }
        if (in.smtpPasswordSet() != null) {
            errors.add(new FieldError("smtpPasswordSet", "is read-only; send smtpPassword (\"\" removes it)"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return db.inTenant(tenant, c -> {
            Stored before = stored(c, tenant, true);
            EmailSettings b = before == null ? NONE : before.settings();
            String sealed = before == null ? null : before.sealedPassword();
            String host = pick(in.smtpHost(), b.smtpHost());
            if (host == null && in.smtpHost() != null) {
                // "" for the host: back to the instance's server, and the tenant's SMTP unit goes with it
                b = new EmailSettings(b.fromName(), b.fromAddress(), null, null, null, null, null, false);
                sealed = null;
            } else if (host != null && !host.equalsIgnoreCase(String.valueOf(b.smtpHost())) && sealed != null
                    && in.smtpPassword() == null) {
                throw new ValidationException("smtpPassword", "is required when smtpHost changes: the stored "
                        + "password is never sent to a new server (give it again, or \"\" for none)");
            }
            if (in.smtpPassword() != null) {
                sealed = in.smtpPassword().isEmpty() ? null : secrets.seal(in.smtpPassword());
            }
            EmailSettings after = new EmailSettings(pick(in.fromName(), b.fromName()),
                    pick(in.fromAddress(), b.fromAddress()), host,
                    in.smtpPort() != null ? in.smtpPort() : b.smtpPort(), pick(in.smtpUsername(), b.smtpUsername()),
                    null, in.smtpStartTls() != null ? in.smtpStartTls() : b.smtpStartTls(), sealed != null);
            if (host == null && (after.smtpPort() != null || after.smtpUsername() != null || sealed != null
                    || after.smtpStartTls() != null)) {
                throw new ValidationException("smtpHost", "is required with smtpPort, smtpUsername, smtpPassword or "
                        + "smtpStartTls: a tenant's SMTP settings are one unit, used only with its own server");
            }
            write(c, tenant, after, sealed, before == null || before.active(), before != null);
            return after;
        });
    }

    /** {@code value} when given ({@code ""} clears it to the default), otherwise {@code base}. */
    private static String pick(String value, String base) {
        if (value == null) {
            return base;
        }
        return value.isEmpty() ? null : value.strip();
    }

    private void write(Connection c, TenantRef tenant, EmailSettings s, String sealed, boolean active,
            boolean exists) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(exists
                ? "UPDATE dotmac_email_settings SET from_name = ?, from_address = ?, smtp_host = ?, smtp_port = ?, "
                        + "smtp_username = ?, smtp_password_enc = ?, smtp_starttls = ?, active = ?, updated_at = ? "
                        + "WHERE tenant_id = ?"
                : "INSERT INTO dotmac_email_settings (from_name, from_address, smtp_host, smtp_port, smtp_username, "
                        + "smtp_password_enc, smtp_starttls, active, updated_at, tenant_id) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, s.fromName());
            p.setString(2, s.fromAddress());
            p.setString(3, s.smtpHost());
            if (s.smtpPort() == null) {
                p.setNull(4, Types.INTEGER);
            } else {
                p.setInt(4, s.smtpPort());
            }
            p.setString(5, s.smtpUsername());
            p.setString(6, sealed);
            if (s.smtpStartTls() == null) {
                p.setNull(7, Types.BOOLEAN);
            } else {
                p.setBoolean(7, s.smtpStartTls());
            }
            p.setBoolean(8, active);
            p.setTimestamp(9, Timestamp.from(clock.instant()));
            p.setString(10, tenant.id());
            p.executeUpdate();
        }
    }

    /** Marks the plugin active or not for the tenant: only active tenants' e-mails are sent; the others wait. */
    void setActive(TenantRef tenant, boolean active) {
        db.inTenant(tenant, c -> {
            Stored before = stored(c, tenant, true);
            write(c, tenant, before == null ? NONE : before.settings(), before == null ? null
                    : before.sealedPassword(), active, before != null);
            return null;
        });
    }
}
