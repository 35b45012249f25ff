package io.dotmac.licensing.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.dotmac.platform.api.PluginDescriptor;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.Tier;

/**
 * The entitlement check of licensing layers 1 and 2 ({@link Entitlements#allowed}) with 10 to 10,000 tenants.
 * {@code allowed} picks the next tenant of a shuffled array on every call, so lookups miss the CPU caches as in a
 * busy instance; {@code allowedOneTenant} asks for one tenant, so only the maps' size varies.
 * One tenant in ten has a switch or an add-on; the catalogue holds the 15 built-in plugins.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EntitlementBenchmark {

    private static final String[][] PLUGINS = {
        { "customer_management", "FREE" }, { "basic_billing", "FREE" }, { "user_auth", "FREE" }, { "ticketing", "FREE" },
        { "automated_billing", "BASIC" }, { "email_notifications", "BASIC" }, { "basic_reporting", "BASIC" },
        { "network_monitoring", "PREMIUM" }, { "snmp_integration", "PREMIUM" }, { "advanced_reporting", "PREMIUM" },
        { "api_access", "PREMIUM" }, { "advanced_automation", "ENTERPRISE" }, { "custom_integrations", "ENTERPRISE" },
        { "white_label", "ENTERPRISE" }, { "sla_management", "ENTERPRISE" } };

    @Param({ "10", "1000", "10000" })
    int tenants;

    private Entitlements entitlements;
    private TenantRef[] refs;
    private String[] plugins;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Map<String, PluginDescriptor> catalogue = new ConcurrentHashMap<>();
        for (int i = 0; i < PLUGINS.length; i++) {
            catalogue.put(PLUGINS[i][0], new PluginDescriptor(PLUGINS[i][0], PLUGINS[i][0],
                    Tier.valueOf(PLUGINS[i][1]), "1.0.0", i, "io.dotmac." + PLUGINS[i][0], "ACTIVE"));
        }
        Map<String, Tier> tiers = new ConcurrentHashMap<>();
        entitlements = new Entitlements(catalogue::get, tiers::get, () -> Tier.ENTERPRISE);
        java.util.Random random = new java.util.Random(42);
        refs = new TenantRef[tenants];
        for (int i = 0; i < tenants; i++) {
            String id = io.dotmac.platform.api.Ids.next();
            Tier tier = Tier.values()[random.nextInt(4)];
            tiers.put(id, tier);
            refs[i] = new TenantRef(id, "isp-" + i, tier);
            if (i % 10 == 0) {
                entitlements.put(id, Switches.NONE.withEnabled("ticketing", false).withAddon("api_access"));
            }
        }
        java.util.Collections.shuffle(java.util.Arrays.asList(refs), random);
        plugins = new String[1024];
        for (int i = 0; i < plugins.length; i++) {
            plugins[i] = PLUGINS[random.nextInt(PLUGINS.length)][0];
        }
    }

    /** A different tenant (in shuffled order) and plugin on every call: the cache-hostile case. */
    @Benchmark
    public boolean allowed() {
        int n = next++;
        return entitlements.allowed(refs[n % refs.length], plugins[n & 1023]);
    }

    /** One tenant, every plugin: the same lookups with the maps' size as the only variable. */
    @Benchmark
    public boolean allowedOneTenant() {
        int n = next++;
        return entitlements.allowed(refs[0], plugins[n & 1023]);
    }
}
