package io.dotmac.licensing.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.PluginDescriptor;
import io.dotmac.platform.api.Tier;

/**
 * The live plugin catalogue: a {@link BundleTracker} of every installed bundle that provides the
 * {@value DotMacPlugin#NAMESPACE} capability. A plugin enters when its bundle is installed, follows its state and
 * leaves when it is uninstalled. When two bundles declare the same plugin id, the first keeps it.
 */
final class PluginCatalogue implements BundleTrackerCustomizer<PluginDescriptor> {

    private static final Logger LOG = LoggerFactory.getLogger(PluginCatalogue.class);
    private static final int STATES = Bundle.INSTALLED | Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE
            | Bundle.STOPPING;

    private final BundleTracker<PluginDescriptor> tracker;
    private final Map<String, PluginDescriptor> byId = new ConcurrentHashMap<>();
    private final Map<Long, PluginDescriptor> byBundle = new ConcurrentHashMap<>();
    /** Called with (before, after) when a plugin appears (before null), changes state or leaves (after null). */
    private final BiConsumer<PluginDescriptor, PluginDescriptor> changes;

    PluginCatalogue(BundleContext context, BiConsumer<PluginDescriptor, PluginDescriptor> changes) {
        this.tracker = new BundleTracker<>(context, STATES, this);
        this.changes = changes;
    }

    void open() {
        tracker.open();
    }

    void close() {
        tracker.close();
    }

    Collection<PluginDescriptor> all() {
        return byId.values();
    }

    PluginDescriptor get(String id) {
        return byId.get(id);
    }

    Optional<PluginDescriptor> ofBundle(long bundleId) {
        return Optional.ofNullable(byBundle.get(bundleId));
    }

    /** The plugin a bundle declares, read from its capability; null when it declares none (or a broken one). */
    static PluginDescriptor describe(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return null;
        }
        List<BundleCapability> caps = revision.getDeclaredCapabilities(DotMacPlugin.NAMESPACE);
        if (caps.isEmpty()) {
            return null;
        }
        Map<String, Object> a = caps.get(0).getAttributes();
        Object id = a.get(DotMacPlugin.NAMESPACE);
        Optional<Tier> tier = Tier.parse(a.get("tier") == null ? null : a.get("tier").toString());
        if (!(id instanceof String) || ((String) id).isBlank() || tier.isEmpty()) {
            LOG.error("Bundle {} declares a plugin capability without a valid id and tier: {}",
                    bundle.getSymbolicName(), a);
            return null;
        }
        Object name = a.getOrDefault("name", id);
        Object version = a.getOrDefault("version", Version.emptyVersion);
        return new PluginDescriptor((String) id, name.toString(), tier.get(), version.toString(),
                bundle.getBundleId(), bundle.getSymbolicName(), state(bundle.getState()));
    }

    static String state(int state) {
        return switch (state) {
        case Bundle.INSTALLED -> "INSTALLED";
        case Bundle.RESOLVED -> "RESOLVED";
        case Bundle.STARTING -> "STARTING";
        case Bundle.ACTIVE -> "ACTIVE";
        case Bundle.STOPPING -> "STOPPING";
        default -> "UNINSTALLED";
        };
    }

    @Override
    public PluginDescriptor addingBundle(Bundle bundle, BundleEvent event) {
        PluginDescriptor p = describe(bundle);
        if (p == null) {
            return null;
        }
        PluginDescriptor owner = byId.putIfAbsent(p.id(), p);
        if (owner != null && owner.bundleId() != p.bundleId()) {
            LOG.error("Bundle {} declares plugin '{}', which bundle {} already provides: ignored",
                    bundle.getSymbolicName(), p.id(), owner.symbolicName());
            return null;
        }
        byId.put(p.id(), p);
        byBundle.put(p.bundleId(), p);
        LOG.info("Plugin '{}' {} ({}, tier {}) is in the catalogue: {}", p.id(), p.version(), p.symbolicName(),
                p.tier(), p.state());
        changes.accept(null, p);
        return p;
    }

    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, PluginDescriptor added) {
        PluginDescriptor previous = byBundle.getOrDefault(bundle.getBundleId(), added);
        PluginDescriptor now = describe(bundle);
        if (now == null || !now.id().equals(previous.id())) {
            return; // an update that changes the plugin id is seen as removal and re-adding by the framework
        }
        byId.put(now.id(), now);
        byBundle.put(now.bundleId(), now);
        if (!now.state().equals(previous.state())) {
            changes.accept(previous, now);
        }
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, PluginDescriptor p) {
        byId.computeIfPresent(p.id(), (id, current) -> current.bundleId() == p.bundleId() ? null : current);
        PluginDescriptor last = byBundle.remove(p.bundleId());
        LOG.info("Plugin '{}' left the catalogue", p.id());
        changes.accept(last != null ? last : p, null);
    }
}
