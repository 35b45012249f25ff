package io.dotmac.licensing.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.platform.api.PluginDescriptor;
import io.dotmac.platform.api.Tier;

/**
 * The instance licence (layer 3): which plugin bundles are hidden, and the hooks that hide them. A bundle's
 * hidden flag only flips while the bundle is stopped (stop, flip, start: transiently, so nothing else is
 * refreshed), so every bundle that saw a service register also sees it unregister, and the JAX-RS whiteboard
 * adds or drops the plugin's endpoints like for any other service.
 */
final class InstanceLicense {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceLicense.class);

    private final BundleContext context;
    private final Supplier<Iterable<PluginDescriptor>> plugins;
    private final Set<Long> hidden = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dotmac-instance-license");
        t.setDaemon(true);
        return t;
    });
    private volatile Tier tier;
    private ServiceRegistration<?> hooks;

    InstanceLicense(BundleContext context, Tier tier, Supplier<Iterable<PluginDescriptor>> plugins) {
        this.context = context;
        this.tier = tier;
        this.plugins = plugins;
    }

    Tier tier() {
        return tier;
    }

    boolean includes(Tier pluginTier) {
        return tier.includes(pluginTier);
    }

    /** Registers the hooks and hides the plugins already running above the licence. */
    void start() {
        hooks = context.registerService(new String[] { FindHook.class.getName(), EventListenerHook.class.getName() },
                new InstanceLicenseHooks(hidden::contains), null);
        apply();
    }

    void stop() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (hooks != null) {
            try {
                hooks.unregister();
            } catch (IllegalStateException alreadyGone) {
                // our bundle is stopping
            }
        }
    }

    /**
     * A plugin entered the catalogue. One not started yet and above the licence is hidden from the start; one
     * already running (seen when licensing itself starts) is restarted hidden by {@link #apply()}.
     */
    void pluginAdded(PluginDescriptor p) {
        if (tier.includes(p.tier())) {
            return;
        }
        Bundle bundle = context.getBundle(p.bundleId());
        if (bundle != null && (bundle.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) == 0) {
            hidden.add(p.bundleId());
        } else {
            apply();
        }
    }

    void pluginRemoved(PluginDescriptor p) {
        hidden.remove(p.bundleId());
    }

    /** Changes the licence; plugins that cross it are restarted in the background. */
    void set(Tier newTier) {
        if (newTier == tier) {
            return;
        }
        LOG.info("Instance licence {} -> {}", tier, newTier);
        tier = newTier;
        apply();
    }

    private void apply() {
        if (executor.isShutdown()) {
            return;
        }
        executor.execute(() -> {
            for (PluginDescriptor p : plugins.get()) {
                boolean hide = !tier.includes(p.tier());
                if (hide != hidden.contains(p.bundleId())) {
                    flip(p, hide);
                }
            }
        });
    }

    private void flip(PluginDescriptor p, boolean hide) {
        Bundle bundle = context.getBundle(p.bundleId());
        if (bundle == null || bundle.getState() == Bundle.UNINSTALLED) {
            return;
        }
        boolean running = (bundle.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0;
        try {
            if (running) {
                bundle.stop(Bundle.STOP_TRANSIENT);
            }
            if (hide) {
                hidden.add(p.bundleId());
            } else {
                hidden.remove(p.bundleId());
            }
            if (running) {
                bundle.start(Bundle.START_TRANSIENT);
            }
            LOG.info("Plugin '{}' ({} tier) is now {} under the {} instance licence", p.id(), p.tier(),
                    hide ? "hidden" : "visible", tier);
        } catch (IllegalStateException uninstalledMeanwhile) {
            hidden.remove(p.bundleId());
        } catch (BundleException e) {
            LOG.error("Could not restart plugin '{}' to {} it", p.id(), hide ? "hide" : "show", e);
        }
    }

    /** Whether a plugin's services are hidden now. */
    boolean hidden(PluginDescriptor p) {
        return hidden.contains(p.bundleId());
    }
}
