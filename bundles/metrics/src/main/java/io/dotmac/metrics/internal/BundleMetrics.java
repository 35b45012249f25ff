package io.dotmac.metrics.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.metrics.Metrics;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.Collector;

/**
 * One bundle's {@link Metrics}: what it declares goes into the {@link PlatformMetrics} registry and is taken out
 * when the bundle releases the service (DS makes one instance per using bundle and deactivates it on release).
 */
@Component(service = Metrics.class, scope = ServiceScope.BUNDLE)
public class BundleMetrics implements Metrics {

    private static final Logger LOG = LoggerFactory.getLogger(BundleMetrics.class);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,99}");
    /** Labels the platform adds to counters and timers, or that the exposition format gives a meaning. */
    private static final Set<String> RESERVED = Set.of("tier", "tenant", "le", "quantile");
    /** A gauge may be by tier (how many tenants, how deep a queue), never by tenant. */
    private static final Set<String> RESERVED_IN_GAUGES = Set.of("tenant", "le", "quantile");
    static final String PREFIX = "dotmac_";

    private final PlatformMetrics platform;
    private final String owner;
    private final List<Collector> declared = new CopyOnWriteArrayList<>();

    @Activate
    public BundleMetrics(@Reference PlatformMetrics platform, ComponentContext context) {
        this.platform = platform;
        this.owner = context.getUsingBundle() == null ? "?" : context.getUsingBundle().getSymbolicName();
    }

    /** For tests: the metrics of {@code owner}. */
    BundleMetrics(PlatformMetrics platform, String owner) {
        this.platform = platform;
        this.owner = owner;
    }

    @Deactivate
    void deactivate() {
        declared.forEach(platform.registry()::unregister);
        declared.clear();
    }

    @Override
    public Metrics.Counter counter(String name, String help, String... labelNames) {
        io.prometheus.metrics.core.metrics.Counter c = register(io.prometheus.metrics.core.metrics.Counter.builder().name(name(name, "_total")).help(help(help))
                .labelNames(labels(labelNames, false)).withoutExemplars().build());
        return new Metrics.Counter() {
            @Override
            public void increment(String... values) {
                c.labelValues(values).inc();
            }

            @Override
            public void add(double amount, String... values) {
                c.labelValues(values).inc(amount);
            }
        };
    }

    @Override
    public TenantCounter tenantCounter(String name, String help, String... labelNames) {
        io.prometheus.metrics.core.metrics.Counter c = register(io.prometheus.metrics.core.metrics.Counter.builder()
                .name(name(name, "_total")).help(help(help)).labelNames(labels(labelNames, true)).withoutExemplars()
                .build());
        return new TenantCounter() {
            @Override
            public void increment(TenantRef tenant, String... values) {
                c.labelValues(withTenant(values, tenant)).inc();
                platform.usage().count(tenant.id(), name, first(values), 1);
            }

            @Override
            public void add(TenantRef tenant, double amount, String... values) {
                c.labelValues(withTenant(values, tenant)).inc(amount);
                platform.usage().count(tenant.id(), name, first(values), Math.round(amount));
            }
        };
    }

    @Override
    public Timer timer(String name, String help, String... labelNames) {
        Histogram h = register(histogram(name, help, labels(labelNames, false)));
        return (duration, values) -> h.labelValues(values).observe(seconds(duration));
    }

    @Override
    public TenantTimer tenantTimer(String name, String help, String... labelNames) {
        Histogram h = register(histogram(name, help, labels(labelNames, true)));
        double[] bounds = platform.buckets();
        return (tenant, duration, values) -> {
            double s = seconds(duration);
            h.labelValues(withTenant(values, tenant)).observe(s);
            platform.usage().time(tenant.id(), name, first(values), s, bounds);
        };
    }

    @Override
    public void gauge(String name, String help, Consumer<Samples> sampler, String... labelNames) {
        String full = name(name, "");
        register(GaugeWithCallback.builder().name(full).help(help(help)).labelNames(labels(labelNames, false, RESERVED_IN_GAUGES))
                .callback(callback -> {
                    // all of a scrape's values or none: a sampler that fails half-way adds nothing
                    List<Object[]> values = new ArrayList<>();
                    try {
                        sampler.accept((value, labelValues) -> values.add(new Object[] { value, labelValues }));
                    } catch (RuntimeException e) {
                        LOG.warn("Gauge {} of {} left out of this scrape: {}", full, owner, e.toString());
                        return;
                    }
                    for (Object[] v : values) {
                        callback.call((Double) v[0], (String[]) v[1]);
                    }
                }).build());
    }

    private Histogram histogram(String name, String help, String[] labelNames) {
        return Histogram.builder().name(name(name, "_seconds")).help(help(help)).labelNames(labelNames).classicOnly()
                .classicUpperBounds(platform.buckets()).withoutExemplars().build();
    }

    private <C extends Collector> C register(C collector) {
        try {
            platform.registry().register(collector);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Metric " + collector.getPrometheusName() + " of " + owner
                    + " is not published: " + e.getMessage(), e);
        }
        declared.add(collector);
        return collector;
    }

    private static String first(String[] values) {
        return values.length == 0 ? null : values[0];
    }

    private String[] withTenant(String[] values, TenantRef tenant) {
        String[] all = Arrays.copyOf(values, values.length + 2);
        all[values.length] = tenant.tier().name();
        all[values.length + 1] = platform.tenantLabel(tenant);
        return all;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    /** {@code dotmac_<name>}, and the suffix the kind of metric gets (which the name must not repeat). */
    static String name(String name, String suffix) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A metric's name is [a-z][a-z0-9_]* (at most 100 characters): '"
                    + name + "'");
        }
        if (!suffix.isEmpty() && name.endsWith(suffix)) {
            throw new IllegalArgumentException("'" + name + "' must not end with " + suffix + " (it is added)");
        }
        String full = name.startsWith(PREFIX) ? name : PREFIX + name;
        return suffix.equals("_seconds") ? full + suffix : full;
    }

    private static String help(String help) {
        if (help == null || help.isBlank()) {
            throw new IllegalArgumentException("A metric needs a help text");
        }
        return help;
    }

    static String[] labels(String[] names, boolean perTenant) {
        return labels(names, perTenant, RESERVED);
    }

    private static String[] labels(String[] names, boolean perTenant, Set<String> reserved) {
        for (String n : names) {
            if (n == null || !NAME.matcher(n).matches() || reserved.contains(n)) {
                throw new IllegalArgumentException("A label is [a-z][a-z0-9_]*, not one of " + reserved + ": '" + n
                        + "'");
            }
        }
        if (!perTenant) {
            return names.clone();
        }
        String[] all = Arrays.copyOf(names, names.length + 2);
        all[names.length] = "tier";
        all[names.length + 1] = "tenant";
        return all;
    }
}
