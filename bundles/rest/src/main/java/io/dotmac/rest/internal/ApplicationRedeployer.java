package io.dotmac.rest.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the DotMac application back when the JAX-RS whiteboard has lost it. Aries JAX-RS Whiteboard 2.0.2 can
 * miss a service event while many bundles start at once (a {@code ConcurrentModificationException} in its service
 * listener, logged by Felix's event dispatcher); the application's servlet then stays without a CXF server and
 * every request gets CXF's "no service" answer for good. When the {@link RewireGapFilter} has waited its full time
 * for the application, it asks for a redeploy: the application's component is disabled and enabled again, so the
 * whiteboard drops it and builds it from scratch with every resource and extension registered now.
 *
 * <p>At most one redeploy per {@value #MIN_INTERVAL_SECONDS} s; nothing happens while an operator has disabled the
 * application's component ({@code scr:disable}), since the API is then meant to be down.
 */
@Component(service = ApplicationRedeployer.class)
public class ApplicationRedeployer {

    static final long MIN_INTERVAL_SECONDS = 60;
    private static final Logger LOG = LoggerFactory.getLogger(ApplicationRedeployer.class);

    private final ServiceComponentRuntime scr;
    private final Bundle bundle;
    private final long minIntervalNanos;
    /** When a redeploy was last considered; starts one interval in the past, so the first is allowed. */
    private final AtomicLong lastAttempt;
    private final LongAdder redeployed = new LongAdder();

    @Activate
    public ApplicationRedeployer(@Reference ServiceComponentRuntime scr, BundleContext context) {
        this(scr, context.getBundle(), TimeUnit.SECONDS.toNanos(MIN_INTERVAL_SECONDS));
    }

    ApplicationRedeployer(ServiceComponentRuntime scr, Bundle bundle, long minIntervalNanos) {
        this.scr = scr;
        this.bundle = bundle;
        this.minIntervalNanos = minIntervalNanos;
        this.lastAttempt = new AtomicLong(System.nanoTime() - minIntervalNanos);
    }

    /**
     * Redeploys the application, in the background, unless one was started less than the minimum interval ago or
     * the component is disabled; logs which. Returns whether a redeploy was started.
     */
    boolean redeploy(long unavailableMillis) {
        long now = System.nanoTime();
        long previous = lastAttempt.get();
        if (now - previous < minIntervalNanos || !lastAttempt.compareAndSet(previous, now)) {
            LOG.warn("The DotMac application stayed unavailable for {} ms; a redeploy was last considered {} s ago",
                    unavailableMillis, TimeUnit.NANOSECONDS.toSeconds(now - previous));
            return false;
        }
        ComponentDescriptionDTO application =
                scr.getComponentDescriptionDTO(bundle, DotMacApplication.class.getName());
        if (application == null || !scr.isComponentEnabled(application)) {
            LOG.warn("The DotMac application stayed unavailable for {} ms; its component is disabled, so it stays down",
                    unavailableMillis);
            return false;
        }
        LOG.warn("The DotMac application stayed unavailable for {} ms; re-registering it with the JAX-RS whiteboard",
                unavailableMillis);
        redeployed.increment();
        // not on the request's thread: the whiteboard unregisters the very servlet this request is in
        Thread worker = new Thread(() -> {
            try {
                scr.disableComponent(application).getValue();
                scr.enableComponent(application).getValue();
                LOG.info("The DotMac application was re-registered");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.error("Re-registering the DotMac application failed", e);
            }
        }, "dotmac-api-redeploy");
        worker.setDaemon(true);
        worker.start();
        return true;
    }

    /** Redeploys started so far. */
    long redeployed() {
        return redeployed.sum();
    }
}
