package io.dotmac.testplugin;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Component;

import io.dotmac.platform.api.PluginActivation;
import io.dotmac.platform.api.TenantRef;

/**
 * The plugin's activation service. It counts calls per tenant slug ({@code activate:<slug>},
 * {@code deactivate:<slug>}) and offers the counts as a {@code Supplier} service (a JDK type, so a test can read
 * them without importing this bundle's packages).
 */
@Component(service = { PluginActivation.class, Supplier.class },
        property = { PluginActivation.PLUGIN_PROPERTY + "=test_plugin", "dotmac.test=activations" })
public class CountingActivation implements PluginActivation, Supplier<Map<String, Integer>> {

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    @Override
    public void activate(TenantRef tenant) {
        calls.computeIfAbsent("activate:" + tenant.slug(), k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void deactivate(TenantRef tenant) {
        calls.computeIfAbsent("deactivate:" + tenant.slug(), k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public Map<String, Integer> get() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        calls.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }
}
