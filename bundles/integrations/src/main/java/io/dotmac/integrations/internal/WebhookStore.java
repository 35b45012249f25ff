package io.dotmac.integrations.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dotmac.persistence.ClusterChanges;
import io.dotmac.integrations.Webhook;
import io.dotmac.integrations.WebhookDelivery;
import io.dotmac.integrations.Webhooks;
import io.dotmac.persistence.Database;
import io.dotmac.persistence.DomainEvents;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.persistence.PagedQuery;
import io.dotmac.persistence.TransactionalEventListener;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.security.Secrets;

/**
 * The webhooks of each tenant, and the writing side of their delivery queue: a {@link TransactionalEventListener}
 * on all our events, so a delivery row exists exactly when the change that caused the event commits (an outbox).
 * Only for tenants entitled to the plugin (licensing layer 2) and only for their enabled webhooks subscribed to
 * the topic.
 */
@Component(service = { Webhooks.class, TransactionalEventListener.class, WebhookStore.class },
        property = TransactionalEventListener.TOPICS + "=io/dotmac/*", configurationPid = IntegrationsConfig.PID)
@Designate(ocd = IntegrationsConfig.class)
public class WebhookStore implements Webhooks, TransactionalEventListener {

    /** The kind of {@link ClusterChanges} told and heard: a tenant's webhooks (key: the tenant id) changed. */
    static final String HOOKS_CHANGED = "webhooks";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ClusterChanges changes;

    /** Another node changed it: this node reads it again when next needed. */
    void changed(String key) {
        cache.remove(key);
    }

    void reloadAll() {
        cache.clear();
    }

    /** Tells every node (this one too) to forget {@code key}. */
    private void tell(String key) {
        ClusterChanges c = changes;
        if (c != null) {
            c.changed(HOOKS_CHANGED, key);
        }
    }


    static final String PLUGIN = "custom_integrations";
    static final int MAX_TOPICS = 50;
    static final int MAX_PAYLOAD = 16000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = "id, url, topics, description, enabled, created_at, updated_at";

    private final Database db;
    private final Secrets secretKeys;
    private final Clock clock = Clock.systemUTC();
    private volatile IntegrationsConfig config;
    private volatile Secrets.Sealer secrets;
    private volatile AddressGuard guard;

    @Activate
    public WebhookStore(@Reference Database db, @Reference Secrets secretKeys,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=custom_integrations)") MigratedSchema schema,
            IntegrationsConfig config) {
        this.db = db;
        this.secretKeys = secretKeys;
        modified(config);
    }

    @Modified
    void modified(IntegrationsConfig config) {
        this.config = config;
        this.secrets = secretKeys.sealer(config.keyFile());
        this.guard = new AddressGuard(config.allowedNetworks());
    }

    IntegrationsConfig config() {
        return config;
    }

    AddressGuard guard() {
        return guard;
    }

    /** The webhook's secret, opened. */
    String secret(Connection c, String webhookId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT secret_enc FROM dotmac_webhook WHERE id = ?")) {
            s.setString(1, webhookId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("Webhook '" + webhookId + "' not found");
                }
                return secrets.open(rs.getString(1));
            }
        }
    }

    // ---- webhooks

    private record Valid(String url, List<String> topics, String description, String secret, boolean enabled) {
    }

    private Valid validate(Webhook.Input in, boolean creating) {
        if (in == null) {
            throw new ValidationException("url", "a webhook is required");
        }
        List<FieldError> errors = new ArrayList<>();
        String url = in.url() == null ? null : in.url().strip();
        if (url == null || url.isEmpty()) {
            errors.add(new FieldError("url", "is required"));
        } else if (url.length() > 2000) {
            errors.add(new FieldError("url", "must be at most 2000 characters"));
        } else {
            try {
                guard.check(new URI(url));
            } catch (URISyntaxException e) {
                errors.add(new FieldError("url", "is not a URL: " + e.getReason()));
            } catch (AddressGuard.Refused e) {
                errors.add(new FieldError("url", e.getMessage()));
            }
        }
        List<String> topics = in.topics() == null ? List.of() : in.topics();
        if (topics.isEmpty()) {
            errors.add(new FieldError("topics", "at least one topic is required, such as io/dotmac/billing/*"));
        } else if (topics.size() > MAX_TOPICS) {
            errors.add(new FieldError("topics", "at most " + MAX_TOPICS));
        } else {
            for (int i = 0; i < topics.size(); i++) {
                String t = topics.get(i);
                if (t == null || !Topics.valid(t.strip())) {
                    errors.add(new FieldError("topics[" + i + "]", "must be one of " + Topics.KNOWN
                            + " or a prefix of them ending in /*"));
                }
            }
        }
        String description = in.description() == null ? null : in.description().strip();
        if (description != null && description.length() > 200) {
            errors.add(new FieldError("description", "must be at most 200 characters"));
        }
        String secret = in.secret();
        if (secret != null && (secret.length() < 16 || secret.length() > 200)) {
            errors.add(new FieldError("secret", "must be 16 to 200 characters"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        if (secret == null && creating) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
        return new Valid(url, topics.stream().map(String::strip).toList(), description, secret,
                in.enabled() == null || in.enabled());
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Webhook create(TenantRef tenant, Webhook.Input input) {
        Valid v = validate(input, true);
        String id = Ids.next();
        Timestamp now = Timestamp.from(clock.instant());
        db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_webhook (id, tenant_id, url, topics, "
                    + "description, secret_enc, enabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, id);
                s.setString(2, tenant.id());
                s.setString(3, v.url());
                s.setString(4, json(v.topics()));
                s.setString(5, v.description());
                s.setString(6, secrets.seal(v.secret()));
                s.setBoolean(7, v.enabled());
                s.setTimestamp(8, now);
                s.setTimestamp(9, now);
                s.executeUpdate();
            }
            return null;
        });
        forget(tenant);
        return withSecret(get(tenant, id), v.secret());
    }

    private static Webhook withSecret(Webhook w, String secret) {
        return new Webhook(w.id(), w.url(), w.topics(), w.description(), w.enabled(), secret, w.createdAt(),
                w.updatedAt());
    }

    @Override
    public Webhook replace(TenantRef tenant, String id, Webhook.Input input) {
        get(tenant, id);
        Valid v = validate(input, false);
        db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_webhook SET url = ?, topics = ?, "
                    + "description = ?, enabled = ?, updated_at = ?" + (v.secret() != null ? ", secret_enc = ?" : "")
                    + " WHERE tenant_id = ? AND id = ?")) {
                int i = 1;
                s.setString(i++, v.url());
                s.setString(i++, json(v.topics()));
                s.setString(i++, v.description());
                s.setBoolean(i++, v.enabled());
                s.setTimestamp(i++, Timestamp.from(clock.instant()));
                if (v.secret() != null) {
                    s.setString(i++, secrets.seal(v.secret()));
                }
                s.setString(i++, tenant.id());
                s.setString(i, id);
                s.executeUpdate();
            }
            return null;
        });
        forget(tenant);
        return withSecret(get(tenant, id), v.secret());
    }

    @Override
    public void delete(TenantRef tenant, String id) {
        db.inTenant(tenant, c -> {
            try (PreparedStatement a = c.prepareStatement("DELETE FROM dotmac_webhook_attempt WHERE tenant_id = ? "
                    + "AND delivery_id IN (SELECT id FROM dotmac_webhook_delivery WHERE tenant_id = ? "
                    + "AND webhook_id = ?)");
                    PreparedStatement d = c.prepareStatement("DELETE FROM dotmac_webhook_delivery "
                            + "WHERE tenant_id = ? AND webhook_id = ?");
                    PreparedStatement w = c.prepareStatement("DELETE FROM dotmac_webhook WHERE tenant_id = ? "
                            + "AND id = ?")) {
                a.setString(1, tenant.id());
                a.setString(2, tenant.id());
                a.setString(3, id);
                a.executeUpdate();
                d.setString(1, tenant.id());
                d.setString(2, id);
                d.executeUpdate();
                w.setString(1, tenant.id());
                w.setString(2, id);
                if (w.executeUpdate() == 0) {
                    throw notFound(id);
                }
            }
            return null;
        });
        forget(tenant);
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("Webhook '" + id + "' not found");
    }

    @Override
    public Webhook get(TenantRef tenant, String id) {
        return db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM dotmac_webhook "
                    + "WHERE tenant_id = ? AND id = ?")) {
                s.setString(1, tenant.id());
                s.setString(2, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw notFound(id);
                    }
                    return read(rs);
                }
            }
        });
    }

    @Override
    public Page<Webhook> list(TenantRef tenant, int limit, String cursor) {
        return db.inTenant(tenant, c -> PagedQuery.of(COLUMNS, "dotmac_webhook", tenant.id())
                .fetch(c, WebhookStore::read, Webhook::id, limit, cursor));
    }

    private static Webhook read(ResultSet rs) throws SQLException {
        return new Webhook(rs.getString(1), rs.getString(2), topics(rs.getString(3)), rs.getString(4),
                rs.getBoolean(5), null, rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant());
    }

    static List<String> topics(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable topics", e);
        }
    }

    // ---- deliveries

    @Override
    public Page<WebhookDelivery> deliveries(TenantRef tenant, String webhookId, String status, int limit,
            String cursor) {
        get(tenant, webhookId);
        if (status != null && !List.of("PENDING", "SENDING", "DELIVERED", "FAILED").contains(status)) {
            throw new ValidationException("status", "must be PENDING, SENDING, DELIVERED or FAILED");
        }
        if (cursor != null && !cursor.matches("[0-9a-z]{26}")) {
            throw new ValidationException("cursor", "must be a nextCursor of an earlier page");
        }
        int size = Math.max(1, limit);
        return db.inTenant(tenant, c -> {
            List<WebhookDelivery> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, webhook_id, topic, status, next_attempt_at, "
                    + "created_at, delivered_at FROM dotmac_webhook_delivery WHERE tenant_id = ? AND webhook_id = ?"
                    + (status == null ? "" : " AND status = ?") + (cursor == null ? "" : " AND id < ?")
                    + " ORDER BY id DESC")) {
                int i = 1;
                s.setString(i++, tenant.id());
                s.setString(i++, webhookId);
                if (status != null) {
                    s.setString(i++, status);
                }
                if (cursor != null) {
                    s.setString(i, cursor);
                }
                s.setMaxRows(size + 1);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Timestamp delivered = rs.getTimestamp(7);
                        out.add(new WebhookDelivery(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(),
                                delivered == null ? null : delivered.toInstant(), List.of()));
                    }
                }
            }
            List<WebhookDelivery> withAttempts = new ArrayList<>();
            for (WebhookDelivery d : out.subList(0, Math.min(size, out.size()))) {
                withAttempts.add(new WebhookDelivery(d.id(), d.webhookId(), d.topic(), d.status(), d.nextAttemptAt(),
                        d.createdAt(), d.deliveredAt(), attempts(c, tenant, d.id())));
            }
            boolean more = out.size() > size; // one row more than the page was read: there is a next page
            return new Page<>(List.copyOf(withAttempts), more ? withAttempts.get(withAttempts.size() - 1).id()
                    : null);
        });
    }

    private static List<WebhookDelivery.Attempt> attempts(Connection c, TenantRef tenant, String deliveryId)
            throws SQLException {
        List<WebhookDelivery.Attempt> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT attempt, attempted_at, status_code, error, duration_ms "
                + "FROM dotmac_webhook_attempt WHERE tenant_id = ? AND delivery_id = ? ORDER BY attempt")) {
            s.setString(1, tenant.id());
            s.setString(2, deliveryId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    int code = rs.getInt(3);
                    Integer status = rs.wasNull() ? null : code;
                    out.add(new WebhookDelivery.Attempt(rs.getInt(1), rs.getTimestamp(2).toInstant(), status,
                            rs.getString(4), rs.getLong(5)));
                }
            }
        }
        return out;
    }

    @Override
    public WebhookDelivery redeliver(TenantRef tenant, String webhookId, String deliveryId) {
        get(tenant, webhookId);
        String id = Ids.next();
        db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_webhook_delivery (id, tenant_id, "
                    + "webhook_id, topic, payload, status, attempts, next_attempt_at, created_at) SELECT ?, tenant_id, "
                    + "webhook_id, topic, payload, 'PENDING', 0, ?, ? FROM dotmac_webhook_delivery WHERE tenant_id = ? "
                    + "AND webhook_id = ? AND id = ?")) {
                Timestamp now = Timestamp.from(clock.instant());
                s.setString(1, id);
                s.setTimestamp(2, now);
                s.setTimestamp(3, now);
                s.setString(4, tenant.id());
                s.setString(5, webhookId);
                s.setString(6, deliveryId);
                if (s.executeUpdate() == 0) {
                    throw new NotFoundException("Delivery '" + deliveryId + "' not found");
                }
            }
            return null;
        });
        return deliveries(tenant, webhookId, null, 1000, null).items().stream().filter(d -> d.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Override
    public void inTransaction(TenantRef tenant, String topic, Map<String, Object> properties) {
        enqueue(tenant, topic, properties);
    }

    @Override
    public List<String> enqueue(TenantRef tenant, String topic, Map<String, Object> data) {
        List<String> hooks = new ArrayList<>();
        for (Subscribed w : subscribed(tenant)) {
            if (Topics.matches(w.topics(), topic)) {
                hooks.add(w.id());
            }
        }
        if (hooks.isEmpty()) {
            return new ArrayList<>();
        }
        return queue(tenant, hooks, topic, data);
    }

    /** Writes one pending delivery of {@code topic} for each of {@code hooks}, in the caller's transaction. */
    private List<String> queue(TenantRef tenant, List<String> hooks, String topic, Map<String, Object> data) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return db.inTenant(tenant, c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_webhook_delivery (id, tenant_id, "
                    + "webhook_id, topic, payload, status, attempts, next_attempt_at, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)")) {
                for (String hook : hooks) {
                    String id = Ids.next();
                    ids.add(id);
                    s.setString(1, id);
                    s.setString(2, tenant.id());
                    s.setString(3, hook);
                    s.setString(4, topic);
                    s.setString(5, payload(id, tenant, topic, now, data));
                    s.setTimestamp(6, Timestamp.from(now));
                    s.setTimestamp(7, Timestamp.from(now));
                    s.addBatch();
                }
                s.executeBatch();
            }
            return ids;
        });
    }

    /** An enabled webhook's topics. */
    private record Subscribed(String id, List<String> topics) {
    }

    /** A tenant's enabled webhooks, as loaded at {@code loadedAt} (nanoTime). */
    private record TenantHooks(long loadedAt, List<Subscribed> hooks) {
    }

    /**
     * Every event of every entitled tenant asks which webhooks want it: kept per tenant for {@value #CACHE_SECONDS}
     * seconds, and dropped at once on this node when the tenant's webhooks change.
     */
    static final int CACHE_SECONDS = 30;
    private final Map<String, TenantHooks> cache = new java.util.concurrent.ConcurrentHashMap<>();

    private List<Subscribed> subscribed(TenantRef tenant) {
        TenantHooks hooks = cache.get(tenant.id());
        long now = System.nanoTime();
        if (hooks == null || now - hooks.loadedAt() > CACHE_SECONDS * 1_000_000_000L) {
            List<Subscribed> loaded = db.inTenant(tenant, c -> {
                List<Subscribed> out = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("SELECT id, topics FROM dotmac_webhook WHERE "
                        + "tenant_id = ? AND enabled = TRUE ORDER BY id")) {
                    s.setString(1, tenant.id());
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            out.add(new Subscribed(rs.getString(1), topics(rs.getString(2))));
                        }
                    }
                }
                return out;
            });
            hooks = new TenantHooks(now, loaded);
            cache.put(tenant.id(), hooks);
        }
        return hooks.hooks();
    }

    private void forget(TenantRef tenant) {
        cache.remove(tenant.id());
        tell(tenant.id());
    }

    @Override
    public String enqueueTo(TenantRef tenant, String webhookId, String topic, Map<String, Object> data) {
        Webhook hook = get(tenant, webhookId);
        if (!hook.enabled()) {
            throw new ConflictException("Webhook '" + webhookId + "' is disabled");
        }
        return queue(tenant, List.of(webhookId), topic, data).get(0);
    }

    /** The body POSTed: {"id","topic","tenant","occurredAt","data":{...}}. */
    static String payload(String id, TenantRef tenant, String topic, Instant at, Map<String, Object> properties) {
        Map<String, Object> data = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            if (!k.equals(DomainEvents.TENANT) && !k.equals(DomainEvents.TENANT_SLUG) && v != null) {
                data.put(k, v instanceof Number || v instanceof Boolean || v instanceof String || v instanceof Map<?, ?>
                        ? v : v instanceof Collection<?> list ? list.stream().map(String::valueOf).toList()
                        : v.toString());
            }
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("topic", topic);
        body.put("tenant", tenant.slug());
        body.put("occurredAt", at.toString());
        body.put("data", data);
        String json = json(body);
        if (json.length() > MAX_PAYLOAD) {
            body.put("data", Map.of("truncated", true));
            json = json(body);
        }
        return json;
    }
}
