package io.dotmac.licensing.internal;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.BundleWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the threads a plugin left running after its bundle stopped, and reports them as the plugin's problem for as
 * long as they live. A thread is the plugin's when its own code is on the thread's stack, when the thread's class is
 * one of the plugin's, or when its context class loader is the plugin's (as a thread started from the plugin's code
 * with that loader set inherits it). It is reported when it was the plugin's as the bundle stopped and still is a
 * grace period later: work finishing its last request is not counted, nor a thread that meanwhile runs the code of
 * the plugin installed or started again (the same class names). Nothing is done to the threads: stopping a thread
 * from outside is unsafe, and the report names them for the operator and the plugin's developer.
 */
final class ThreadLeaks implements SynchronousBundleListener {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadLeaks.class);
    /** How many of a plugin's leftover threads a report names. */
    private static final int NAMED = 5;

    /** What identifies a stopped plugin bundle's code: its class loader and the names of its own classes. */
    record Owner(ClassLoader loader, Set<String> classes) {
    }

    /** One thread a plugin left running (weakly held: a thread that ends is forgotten) and where it was. */
    private record Left(WeakReference<Thread> thread, String where) {

        String describe() {
            Thread t = thread.get();
            return t == null ? "" : t.getName() + (where.isEmpty() ? "" : " (in " + where + ")");
        }

        boolean alive() {
            Thread t = thread.get();
            return t != null && t.isAlive();
        }
    }

    private final BundleContext context;
    private final Function<Bundle, Optional<String>> pluginOf;
    private final ScheduledExecutorService scheduler;
    private volatile long graceMillis;
    /** By bundle id. */
    private final Map<Long, List<Left>> leaks = new ConcurrentHashMap<>();

    ThreadLeaks(BundleContext context, Function<Bundle, Optional<String>> pluginOf, ScheduledExecutorService scheduler,
            long graceMillis) {
        this.context = context;
        this.pluginOf = pluginOf;
        this.scheduler = scheduler;
        this.graceMillis = graceMillis;
    }

    void start() {
        context.addBundleListener(this);
    }

    void stop() {
        context.removeBundleListener(this);
    }

    void grace(long millis) {
        this.graceMillis = millis;
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        if (event.getType() == BundleEvent.UNINSTALLED) {
            leaks.remove(bundle.getBundleId());
            return;
        }
        if (event.getType() != BundleEvent.STOPPED) {
            return;
        }
        Optional<String> plugin = pluginOf.apply(bundle);
        if (plugin.isEmpty()) {
            return;
        }
        // while the stopped bundle is still resolved (an uninstall follows the stop at once)
        Owner owner = owner(bundle);
        if (owner == null || scheduler.isShutdown()) {
            return;
        }
        Set<Thread> atStop = leftOver(Thread.getAllStackTraces(), owner).keySet();
        if (!atStop.isEmpty()) {
            scheduler.schedule(() -> check(plugin.get(), bundle.getBundleId(), owner, atStop), graceMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    private static Owner owner(Bundle bundle) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (wiring == null || wiring.getClassLoader() == null) {
            return null;
        }
        Set<String> classes = new HashSet<>();
        for (String resource : wiring.listResources("/", "*.class",
                BundleWiring.LISTRESOURCES_RECURSE | BundleWiring.LISTRESOURCES_LOCAL)) {
            classes.add(resource.substring(0, resource.length() - ".class".length()).replace('/', '.'));
        }
        return new Owner(wiring.getClassLoader(), classes);
    }

    private void check(String plugin, long bundleId, Owner owner, Set<Thread> atStop) {
        List<Left> left = new ArrayList<>();
        leftOver(Thread.getAllStackTraces(), owner).forEach((thread, where) -> {
            if (atStop.contains(thread)) {
                left.add(new Left(new WeakReference<>(thread), where));
            }
        });
        if (left.isEmpty()) {
            leaks.remove(bundleId);
            return;
        }
        LOG.warn("Plugin '{}' left {} thread(s) running after its bundle stopped: {}", plugin, left.size(),
                describe(left));
        Bundle bundle = context.getBundle(bundleId);
        if (bundle != null && bundle.getState() != Bundle.UNINSTALLED) {
            leaks.put(bundleId, left);
        }
    }

    private static String describe(List<Left> left) {
        List<String> named = left.stream().map(Left::describe).filter(d -> !d.isEmpty()).toList();
        return String.join(", ", named.subList(0, Math.min(NAMED, named.size())))
                + (named.size() > NAMED ? " and " + (named.size() - NAMED) + " more" : "");
    }

    /**
     * The live threads (other than this one) that are {@code owner}'s, each with the first of its frames in the
     * owner's code ("" when the thread is the owner's by class or context class loader only).
     */
    static Map<Thread, String> leftOver(Map<Thread, StackTraceElement[]> threads, Owner owner) {
        Map<Thread, String> left = new java.util.LinkedHashMap<>();
        threads.forEach((thread, stack) -> {
            if (thread == Thread.currentThread() || !thread.isAlive()) {
                return;
            }
            String frame = null;
            for (StackTraceElement e : stack) {
                if (owner.classes().contains(e.getClassName())) {
                    frame = e.getClassName() + "." + e.getMethodName();
                    break;
                }
            }
            if (frame != null) {
                left.put(thread, frame);
            } else if (thread.getClass().getClassLoader() == owner.loader()
                    || thread.getContextClassLoader() == owner.loader()) {
                left.put(thread, "");
            }
        });
        return left;
    }

    /** The threads the plugin's bundle left running when it last stopped, while any of them lives. */
    Optional<String> problem(long bundleId) {
        List<Left> left = leaks.get(bundleId);
        if (left == null) {
            return Optional.empty();
        }
        List<Left> alive = left.stream().filter(Left::alive).toList();
        if (alive.isEmpty()) {
            leaks.remove(bundleId, left);
            return Optional.empty();
        }
        return Optional.of("left " + alive.size() + " thread(s) running after its bundle stopped: " + describe(alive));
    }
}
