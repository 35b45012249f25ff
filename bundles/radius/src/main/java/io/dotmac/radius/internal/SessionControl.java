package io.dotmac.radius.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.billing.basic.BillingEvents;
import io.dotmac.persistence.Database;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.tenant.TenantService;

/**
 * Acts on a subscriber's open sessions (radacct rows without a stop time) once a change has committed, through an
 * RFC 5176 request to the session's NAS with the NAS's secret: a Disconnect-Request when the subscription is
 * suspended, cancelled or resumed (the subscriber logs in again and FreeRADIUS answers from the new state), a
 * CoA-Request with the new rate when its plan or its plan's speeds change (and a Disconnect-Request if the NAS
 * refuses the CoA). Each request and its answer is recorded. Events are posted on the node that made the change, so
 * each request is sent once in a cluster.
 */
// the topics as plain properties: @EventTopics would require an osgi.implementation=osgi.event capability that
// Karaf 4.4's Felix EventAdmin does not declare
@Component(service = { EventHandler.class, SessionControl.class }, configurationPid = RadiusConfig.PID, property = {
        EventConstants.EVENT_TOPIC + "=" + BillingEvents.SUBSCRIPTION_CHANGED,
        EventConstants.EVENT_TOPIC + "=" + BillingEvents.PLAN_CHANGED })
@Designate(ocd = RadiusConfig.class)
public class SessionControl implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SessionControl.class);

    private final Database db;
    private final TenantService tenants;
    private final DynamicAuthorization client;
    private final ExecutorService senders;
    private final Clock clock = Clock.systemUTC();

    @Activate
    public SessionControl(@Reference Database db, @Reference TenantService tenants,
            @Reference(target = "(" + io.dotmac.persistence.MigratedSchema.SCHEMA_PROPERTY + "=radius_aaa)")
            io.dotmac.persistence.MigratedSchema schema, RadiusConfig config) {
        this.db = db;
        this.tenants = tenants;
        this.client = new DynamicAuthorization(Duration.ofMillis(Math.max(50, config.requestTimeoutMillis())),
                Math.max(1, config.requestAttempts()));
        AtomicInteger n = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(Math.max(1, config.senderThreads()), r -> {
            Thread t = new Thread(r, "dotmac-radius-coa-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void stop() throws InterruptedException {
        senders.shutdown();
        senders.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Override
    public void handleEvent(Event event) {
        String tenantId = (String) event.getProperty(BillingEvents.TENANT);
        TenantRef tenant = tenants.find(tenantId).map(t -> t.ref()).orElse(null);
        if (tenant == null) {
            return;
        }
        try {
            senders.execute(() -> {
                try {
                    act(tenant, event);
                } catch (RuntimeException e) { // an outage, a vanished row: logged, this thread goes on
                    LOG.warn("Could not act on the sessions for {} of tenant {}: {}", event.getTopic(), tenant.slug(),
                            e.getMessage());
                }
            });
        } catch (RejectedExecutionException stopping) {
            LOG.info("Stopping: {} of tenant {} not acted on", event.getTopic(), tenant.slug());
        }
    }

    /**
     * Disconnects the open sessions of {@code account} (on a sender thread): for an account deleted, whose
     * credentials no longer log in.
     */
    void disconnectLater(TenantRef tenant, RadiusAccount account, String reason) {
        try {
            senders.execute(() -> {
                try {
                    disconnect(tenant, account, reason);
                } catch (RuntimeException e) { // an outage: logged, this thread goes on
                    LOG.warn("Could not disconnect {} of tenant {}: {}", account.login(), tenant.slug(),
                            e.getMessage());
                }
            });
        } catch (RejectedExecutionException stopping) {
            LOG.info("Stopping: the sessions of {} (tenant {}) not disconnected", account.login(), tenant.slug());
        }
    }

    private void act(TenantRef tenant, Event e) {
        if (BillingEvents.PLAN_CHANGED.equals(e.getTopic())) {
            String plan = (String) e.getProperty(BillingEvents.PLAN_ID);
            List<RadiusAccount> onPlan = db.inTenant(tenant, c -> RadiusStore.accountsOfPlan(c, tenant, plan));
            for (RadiusAccount a : onPlan) {
                if ("ACTIVE".equals(a.status())) {
                    changeRate(tenant, a);
                }
            }
            return;
        }
        String subscription = (String) e.getProperty(BillingEvents.SUBSCRIPTION_ID);
        String status = (String) e.getProperty(BillingEvents.STATUS);
        String previous = (String) e.getProperty(BillingEvents.PREVIOUS_STATUS);
        boolean planChanged = !String.valueOf(e.getProperty(BillingEvents.PLAN_ID))
                .equals(String.valueOf(e.getProperty(BillingEvents.PREVIOUS_PLAN_ID)));
        RadiusAccount account = db.inTenant(tenant, c -> RadiusStore.accountOfSubscription(c, tenant, subscription))
                .orElse(null);
        if (account == null) {
            return;
        }
        if (!status.equals(previous)) {
            String reason = status.equals("ACTIVE") ? "RESUMED" : status;
            disconnect(tenant, account, reason);
        } else if (planChanged && status.equals("ACTIVE")) {
            changeRate(tenant, account);
        }
    }

    private void disconnect(TenantRef tenant, RadiusAccount account, String reason) {
        for (Session s : openSessions(tenant, account)) {
            send(tenant, account, s, "DISCONNECT", reason);
        }
    }

    private void changeRate(TenantRef tenant, RadiusAccount account) {
        for (Session s : openSessions(tenant, account)) {
            String result = send(tenant, account, s, "COA", "PLAN_CHANGED");
            if (!"ACK".equals(result) && !"NO_NAS".equals(result)) {
                send(tenant, account, s, "DISCONNECT", "PLAN_CHANGED");
            }
        }
    }

    private List<Session> openSessions(TenantRef tenant, RadiusAccount account) {
        // the current rates (a CoA carries them), read after the change committed
        return db.inTenant(tenant, c -> RadiusStore.openSessions(c, tenant, account.login()));
    }

    /** Sends one request for {@code session} and records it; returns its result. */
    private String send(TenantRef tenant, RadiusAccount account, Session session, String kind, String reason) {
        Instant requested = clock.instant();
        RadiusStore.NasSecret nas = db.inTenant(tenant, c -> RadiusStore.nasAt(c, tenant, session.nasAddress()))
                .orElse(null);
        String result;
        Integer cause = null;
        Instant answered = null;
        if (nas == null) {
            result = "NO_NAS";
            LOG.warn("Session {} of {} (tenant {}) is on {}, which is not one of the tenant's NASes: no {} sent",
                    session.sessionId(), account.login(), tenant.slug(), session.nasAddress(), kind);
        } else {
            RadiusAccount current = db.inTenant(tenant, c -> RadiusStore.account(c, tenant, account.id()))
                    .orElse(account);
            try {
                DynamicAuthorization.Answer answer = client.send(request(kind, current, session),
                        nas.nas().address(), nas.nas().coaPort(), nas.secret());
                result = answer.result();
                cause = answer.errorCause();
                answered = "TIMEOUT".equals(result) ? null : clock.instant();
            } catch (IOException e) {
                result = "ERROR";
                LOG.warn("Could not send a {} to {}: {}", kind, nas.nas().address(), e.getMessage());
            }
        }
        CoaRequest r = new CoaRequest(Ids.next(), account.id(), account.subscriptionId(), session.nasAddress(),
                session.sessionId(), kind, reason, result, cause, requested, answered);
        db.inTenant(tenant, c -> {
            RadiusStore.insert(c, tenant, r);
            return null;
        });
        LOG.info("{} {} for {} session {} on {}: {}{}", reason, kind, account.login(), session.sessionId(),
                session.nasAddress(), result, cause == null ? "" : " (Error-Cause " + cause + ")");
        return result;
    }

    /** The request identifying the session by User-Name and Acct-Session-Id; a CoA carries the account's rate. */
    static RadiusPacket request(String kind, RadiusAccount account, Session session) {
        List<RadiusPacket.Attribute> attributes = new ArrayList<>();
        attributes.add(RadiusPacket.Attribute.text(RadiusPacket.USER_NAME, account.login()));
        attributes.add(RadiusPacket.Attribute.text(RadiusPacket.ACCT_SESSION_ID, session.sessionId()));
        attributes.add(RadiusPacket.Attribute.integer(RadiusPacket.EVENT_TIMESTAMP, Instant.now().getEpochSecond()));
        if (kind.equals("COA")) {
            attributes.add(RadiusPacket.Attribute.vendor(RadiusPacket.VENDOR_MIKROTIK, RadiusPacket.MIKROTIK_RATE_LIMIT,
                    (account.uploadMbps() + "M/" + account.downloadMbps() + "M")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            attributes.add(RadiusPacket.Attribute.vendor(RadiusPacket.VENDOR_WISPR,
                    RadiusPacket.WISPR_BANDWIDTH_MAX_DOWN, bits(account.downloadMbps())));
            attributes.add(RadiusPacket.Attribute.vendor(RadiusPacket.VENDOR_WISPR, RadiusPacket.WISPR_BANDWIDTH_MAX_UP,
                    bits(account.uploadMbps())));
        }
        return new RadiusPacket(kind.equals("COA") ? RadiusPacket.COA_REQUEST : RadiusPacket.DISCONNECT_REQUEST,
                DynamicAuthorization.identifier(), attributes);
    }

    private static byte[] bits(int mbps) {
        return java.nio.ByteBuffer.allocate(4).putInt((int) Math.min(0xFFFFFFFFL, mbps * 1_000_000L)).array();
    }
}
