package io.dotmac.integrations.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.api.Response;
import org.eclipse.jetty.client.util.BytesContentProvider;
import org.eclipse.jetty.client.util.InputStreamResponseListener;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.integrations.WebhookSignature;
import io.dotmac.persistence.Database;
import io.dotmac.persistence.QueueDepth;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.platform.api.metrics.Metrics;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantService;

/**
 * The sending side of the webhook queue. Claims due deliveries, only the oldest unfinished one of each webhook (so
 * a webhook's events arrive in order, a failing one holding back those behind it), on PostgreSQL with {@code FOR
 * UPDATE SKIP LOCKED} so several nodes never claim the same one; leases them; POSTs each, signed afresh, on
 * {@code senderThreads} threads; and records every attempt. A 2xx answer delivers it; anything else (another
 * status, a timeout, a refused address) retries it after {@code retryBaseSeconds × 2^(attempt-1)} up to
 * {@code retryMaxSeconds}, and it is FAILED after {@code maxAttempts}. A sender that dies leaves its claims to
 * be taken again when their lease runs out: the queue is in the database, so a restart loses nothing. Tenants that
 * lost the plugin keep their deliveries pending, untried.
 *
 * <p>Requests go out through Jetty's HTTP client, whose resolver is the {@link AddressGuard}: every connection is
 * made to an address that was checked in that same lookup, so a name that answers a public address to the check
 * and an internal one a moment later (DNS rebinding) never gets a connection inside.
 */
@Component(immediate = true) // nobody asks for it: it works on its own
public class WebhookSender {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

    private final Database db;
    private final WebhookStore store;
    private final TenantServices licences;
    private final TenantService tenants;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService ticker;
    private final ExecutorService senders;
    private final HttpClient http;
    /** Deliveries by outcome ({@code delivered}, {@code retry}, {@code failed}), while the metrics service is there. */
    private volatile Metrics.TenantCounter deliveries;

    @Activate
    public WebhookSender(@Reference Database db, @Reference WebhookStore store, @Reference TenantServices licences,
            @Reference TenantService tenants) {
        this.db = db;
        this.store = store;
        this.licences = licences;
        this.tenants = tenants;
        IntegrationsConfig config = store.config();
        AtomicInteger n = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(Math.max(1, config.senderThreads()), r -> {
            Thread t = new Thread(r, "dotmac-webhook-sender-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // the client keeps its own threads: the sender threads block waiting for answers, and a client running its
        // response handling on those same threads deadlocks once they are all waiting
        QueuedThreadPool clientThreads = new QueuedThreadPool(Math.max(8, 2 * config.senderThreads() + 4), 2);
        clientThreads.setName("dotmac-webhook-http");
        clientThreads.setDaemon(true);
        this.http = new HttpClient(new SslContextFactory.Client());
        http.setExecutor(clientThreads);
        http.setFollowRedirects(false); // redirects are followed here, each checked again
        http.setConnectTimeout(Math.max(100, config.connectTimeoutMillis()));
        http.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "DotMac-Webhooks/1"));
        http.setSocketAddressResolver(this::resolve);
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("the webhook HTTP client did not start", e);
        }
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dotmac-webhook-queue");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::drain, 200, Math.max(20, config.pollMillis()), TimeUnit.MILLISECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMetrics(Metrics metrics) {
        deliveries = metrics.tenantCounter("webhook_deliveries", "Attempts to deliver a webhook by outcome: "
                + "delivered, retry (failed, tried again later), failed (given up)", "outcome");
        metrics.gauge("webhook_outbox_depth", "Webhook deliveries not done yet, by status (PENDING: waiting for "
                + "their time; SENDING: claimed by a sender)", samples -> {
                    long[] counts = QueueDepth.count(db, "dotmac_webhook_delivery", "PENDING", "SENDING");
                    samples.set(counts[0], "PENDING");
                    samples.set(counts[1], "SENDING");
                }, "status");
    }

    void unbindMetrics(Metrics metrics) {
        deliveries = null;
    }

    @Deactivate
    void stop() throws Exception {
        ticker.shutdownNow();
        senders.shutdownNow();
        ticker.awaitTermination(10, TimeUnit.SECONDS);
        senders.awaitTermination(10, TimeUnit.SECONDS);
        http.stop();
    }

    /** A connection refused by the outbound guard. */
    static final class RefusedByPolicy extends IOException {
        private static final long serialVersionUID = 1L;

        RefusedByPolicy(String message) {
            super(message);
        }
    }

    /** The client's resolver: the host's addresses, each checked; the client connects to these and no others. */
    private void resolve(String host, int port, Promise<List<InetSocketAddress>> promise) {
        try {
            List<InetSocketAddress> addresses = new ArrayList<>();
            for (InetAddress a : store.guard().resolve(host)) {
                addresses.add(new InetSocketAddress(a, port));
            }
            promise.succeeded(addresses);
        } catch (AddressGuard.Refused e) {
            promise.failed(new RefusedByPolicy(e.getMessage()));
        } catch (RuntimeException e) {
            promise.failed(e);
        }
    }

    /** A claimed delivery. */
    record Claimed(String id, String tenantId, String webhookId, String topic, String payload, int attempt, String url,
            String secret) {
    }

    /** Sends batches until nothing is due. */
    void drain() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                List<Claimed> batch = claim();
                if (batch.isEmpty()) {
                    return;
                }
                List<Future<Outcome>> sent = new ArrayList<>();
                for (Claimed d : batch) {
                    sent.add(senders.submit(() -> send(d)));
                }
                List<Outcome> outcomes = new ArrayList<>();
                for (Future<Outcome> f : sent) {
                    try {
                        outcomes.add(f.get());
                    } catch (java.util.concurrent.ExecutionException e) {
                        LOG.error("A webhook delivery failed unexpectedly", e.getCause());
                    }
                }
                record(outcomes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("The webhook queue could not be sent now: {}", e.toString());
        }
    }

    List<Claimed> claim() {
        IntegrationsConfig config = store.config();
        Instant now = clock.instant();
        boolean pg = db.vendor().equals("postgresql");
        return db.acrossTenants(c -> {
            // the oldest unfinished delivery of each webhook, if it is due
            List<String[]> heads = new ArrayList<>();
            // each webhook's head found by two index probes (webhook, status, id), not by scanning the queue;
            // COALESCE because H2's LEAST is NULL when either side is, PostgreSQL's when both are
            String pending = "(SELECT MIN(p.id) FROM dotmac_webhook_delivery p WHERE p.webhook_id = w.id "
                    + "AND p.status = 'PENDING')";
            String sending = "(SELECT MIN(e.id) FROM dotmac_webhook_delivery e WHERE e.webhook_id = w.id "
                    + "AND e.status = 'SENDING')";
            try (PreparedStatement s = c.prepareStatement("SELECT d.id, d.tenant_id FROM dotmac_webhook_delivery d "
                    + "WHERE d.id IN (SELECT LEAST(COALESCE(" + pending + ", " + sending + "), COALESCE("
                    + sending + ", " + pending + ")) FROM dotmac_webhook w) "
                    + "AND ((d.status = 'PENDING' AND d.next_attempt_at <= ?) "
                    + "OR (d.status = 'SENDING' AND d.lease_until < ?)) "
                    + "ORDER BY d.next_attempt_at, d.id LIMIT ? "
                    + (pg ? "FOR UPDATE OF d SKIP LOCKED" : "FOR UPDATE"))) {
                s.setTimestamp(1, Timestamp.from(now));
                s.setTimestamp(2, Timestamp.from(now));
                s.setInt(3, Math.max(1, config.batchSize()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        heads.add(new String[] { rs.getString(1), rs.getString(2) });
                    }
                }
            }
            // tenants that lost the plugin: their deliveries wait, untried
            Map<String, Boolean> entitled = new HashMap<>();
            List<String> ids = new ArrayList<>();
            for (String[] h : heads) {
                if (entitled.computeIfAbsent(h[1], this::entitled)) {
                    ids.add(h[0]);
                }
            }
            if (ids.isEmpty()) {
                return List.of();
            }
            String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_webhook_delivery SET status = 'SENDING', "
                    + "attempts = attempts + 1, lease_until = ? WHERE id IN (" + in + ")")) {
                s.setTimestamp(1, Timestamp.from(now.plusSeconds(Math.max(10, config.leaseSeconds()))));
                for (int i = 0; i < ids.size(); i++) {
                    s.setString(i + 2, ids.get(i));
                }
                s.executeUpdate();
            }
            List<Claimed> claimed = new ArrayList<>();
            Map<String, String> secrets = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT d.id, d.tenant_id, d.webhook_id, d.topic, "
                    + "d.payload, d.attempts, w.url FROM dotmac_webhook_delivery d JOIN dotmac_webhook w "
                    + "ON w.id = d.webhook_id WHERE d.id IN (" + in + ") ORDER BY d.id")) {
                for (int i = 0; i < ids.size(); i++) {
                    s.setString(i + 1, ids.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String hook = rs.getString(3);
                        claimed.add(new Claimed(rs.getString(1), rs.getString(2), hook, rs.getString(4),
                                rs.getString(5), rs.getInt(6), rs.getString(7), null));
                    }
                }
            }
            List<Claimed> withSecrets = new ArrayList<>();
            for (Claimed d : claimed) {
                String secret = secrets.get(d.webhookId());
                if (secret == null) {
                    secret = store.secret(c, d.webhookId());
                    secrets.put(d.webhookId(), secret);
                }
                withSecrets.add(new Claimed(d.id(), d.tenantId(), d.webhookId(), d.topic(), d.payload(), d.attempt(),
                        d.url(), secret));
            }
            return withSecrets;
        });
    }

    private boolean entitled(String tenantId) {
        try {
            Tenant t = tenants.find(tenantId).orElse(null);
            if (t == null) {
                return false;
            }
            licences.check(t.ref(), WebhookStore.PLUGIN);
            return true;
        } catch (DotMacException e) {
            return false;
        }
    }

    /** What became of one attempt. */
    record Outcome(Claimed delivery, Integer statusCode, String error, long millis) {

        boolean delivered() {
            return error == null && statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    Outcome send(Claimed d) {
        IntegrationsConfig config = store.config();
        long start = System.nanoTime();
        long timeout = Math.max(100, config.requestTimeoutMillis());
        byte[] body = d.payload().getBytes(StandardCharsets.UTF_8);
        try {
            URI uri = new URI(d.url());
            for (int hop = 0; ; hop++) {
                String bad = AddressGuard.syntax(uri);
                if (bad != null) {
                    throw new AddressGuard.Refused("the URL " + bad);
                }
                InputStreamResponseListener listener = new InputStreamResponseListener();
                http.newRequest(uri).method(HttpMethod.POST).timeout(timeout, TimeUnit.MILLISECONDS)
                        .header(WebhookSignature.DELIVERY_HEADER, d.id())
                        .header(WebhookSignature.TOPIC_HEADER, d.topic())
                        .header(WebhookSignature.SIGNATURE_HEADER,
                                WebhookSignature.sign(d.secret(), clock.instant().getEpochSecond(), body))
                        .content(new BytesContentProvider("application/json", body)).send(listener);
                Response response = listener.get(timeout, TimeUnit.MILLISECONDS);
                try (InputStream in = listener.getInputStream()) {
                    // the answer is read up to a limit and dropped: only its status matters
                    in.readNBytes(Math.max(0, config.maxResponseBytes()));
                }
                int status = response.getStatus();
                if ((status == 307 || status == 308) && hop < config.maxRedirects()) {
                    String location = response.getHeaders().get(HttpHeader.LOCATION);
                    if (location != null) {
                        uri = uri.resolve(location);
                        continue;
                    }
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                return new Outcome(d, status, status >= 200 && status < 300 ? null : "HTTP " + status
                        + (status >= 300 && status < 400 ? " (redirects other than 307 and 308 are not followed)" : ""),
                        millis);
            }
        } catch (AddressGuard.Refused e) {
            return new Outcome(d, null, "refused by policy: " + e.getMessage(), elapsed(start));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof RefusedByPolicy refused) {
                    return new Outcome(d, null, "refused by policy: the URL " + refused.getMessage(),
                            elapsed(start));
                }
            }
            return new Outcome(d, null, describe(cause == null ? e : cause), elapsed(start));
        } catch (TimeoutException e) {
            return new Outcome(d, null, "timed out after " + timeout + " ms", elapsed(start));
        } catch (URISyntaxException | IOException | IllegalArgumentException e) {
            return new Outcome(d, null, describe(e), elapsed(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(d, null, "interrupted", elapsed(start));
        }
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static void setInt(PreparedStatement s, int index, Integer value) throws java.sql.SQLException {
        if (value == null) {
            s.setNull(index, java.sql.Types.INTEGER);
        } else {
            s.setInt(index, value);
        }
    }

    /** Writes the outcomes and the attempts in one transaction (only deliveries still SENDING: a lost lease wins). */
    private void record(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        IntegrationsConfig config = store.config();
        Instant now = clock.instant();
        List<String[]> counted = new ArrayList<>(outcomes.size());
        db.acrossTenants(c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE dotmac_webhook_delivery SET status = ?, "
                    + "last_status = ?, last_error = ?, lease_until = NULL, next_attempt_at = ?, delivered_at = ? "
                    + "WHERE id = ? AND status = 'SENDING'");
                    PreparedStatement a = c.prepareStatement("INSERT INTO dotmac_webhook_attempt (delivery_id, "
                            + "attempt, tenant_id, attempted_at, status_code, error, duration_ms) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (Outcome o : outcomes) {
                    Claimed d = o.delivery();
                    String status;
                    Instant next = now;
                    if (o.delivered()) {
                        status = "DELIVERED";
                    } else if (d.attempt() >= Math.max(1, config.maxAttempts())) {
                        status = "FAILED";
                    } else {
                        status = "PENDING";
                        long wait = Math.min(Math.max(1, config.retryMaxSeconds()), Math.max(1,
                                config.retryBaseSeconds()) * (1L << Math.min(20, d.attempt() - 1)));
                        next = now.plusSeconds(wait);
                    }
                    counted.add(new String[] { d.tenantId(), status });
                    String error = o.error() == null ? null : o.error().substring(0, Math.min(1000,
                            o.error().length()));
                    u.setString(1, status);
                    setInt(u, 2, o.statusCode());
                    u.setString(3, error);
                    u.setTimestamp(4, Timestamp.from(next));
                    u.setTimestamp(5, o.delivered() ? Timestamp.from(now) : null);
                    u.setString(6, d.id());
                    u.addBatch();
                    a.setString(1, d.id());
                    a.setInt(2, d.attempt());
                    a.setString(3, d.tenantId());
                    a.setTimestamp(4, Timestamp.from(now));
                    setInt(a, 5, o.statusCode());
                    a.setString(6, error);
                    a.setInt(7, (int) Math.min(Integer.MAX_VALUE, o.millis()));
                    a.addBatch();
                }
                u.executeBatch();
                a.executeBatch();
            }
            return null;
        });
        Metrics.TenantCounter counter = deliveries;
        if (counter != null) {
            for (String[] c : counted) {
                String outcome = switch (c[1]) {
                    case "DELIVERED" -> "delivered";
                    case "FAILED" -> "failed";
                    default -> "retry";
                };
                tenants.find(c[0]).ifPresent(t -> counter.increment(t.ref(), outcome));
            }
        }
    }
}
