package io.dotmac.metrics.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.metrics.TenantUsage;
import io.dotmac.platform.api.TenantRef;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The platform's one metrics registry (a Prometheus client registry of its own, not the library's static default)
 * with the JVM's metrics, and the operator's settings: which tenants get their own series, the histograms' buckets
 * and who may scrape. Bundles declare their metrics in it through {@link BundleMetrics}; {@link MetricsServlet}
 * writes it out. It also keeps each tenant's own totals of the tenant metrics ({@link TenantUsage}) for the usage
 * metering.
 */
@Component(service = { PlatformMetrics.class, TenantUsage.class }, immediate = true,
        configurationPid = MetricsConfig.PID)
@Designate(ocd = MetricsConfig.class)
public class PlatformMetrics implements TenantUsage {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformMetrics.class);
    private static final String FALLBACK_NETWORKS = "127.0.0.0/8,::1/128";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final UsageTally usage = new UsageTally();
    private volatile Set<String> tenants = Set.of();
    private volatile double[] buckets;
    private volatile Networks allowed = Networks.parse(FALLBACK_NETWORKS);

    @Activate
    public PlatformMetrics(MetricsConfig config) {
        configure(config);
        JvmMetrics.builder().register(registry);
    }

    @Modified
    void modified(MetricsConfig config) {
        configure(config);
    }

    private void configure(MetricsConfig config) {
        try {
            allowed = Networks.parse(config.allowedNetworks());
        } catch (IllegalArgumentException e) {
            LOG.error("allowedNetworks of {}: {}; /metrics stays open to {}", MetricsConfig.PID, e.getMessage(),
                    allowed);
        }
        tenants = Arrays.stream(config.tenants().split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        try {
            buckets = parseBuckets(config.buckets());
        } catch (IllegalArgumentException e) {
            buckets = parseBuckets(MetricsConfig.DEFAULT_BUCKETS);
            LOG.error("buckets of {}: {}; the default buckets are used", MetricsConfig.PID, e.getMessage());
        }
    }

    /** Ascending, positive upper bounds. */
    static double[] parseBuckets(String list) {
        double[] out = Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToDouble(s -> {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' is not a number");
            }
        }).toArray();
        if (out.length == 0) {
            throw new IllegalArgumentException("no bucket given");
        }
        for (int i = 0; i < out.length; i++) {
            if (!(out[i] > 0) || Double.isInfinite(out[i]) || i > 0 && out[i] <= out[i - 1]) {
                throw new IllegalArgumentException("bounds must be positive, finite and ascending: " + list);
            }
        }
        return out;
    }

    PrometheusRegistry registry() {
        return registry;
    }

    double[] buckets() {
        return buckets.clone();
    }

    Networks allowed() {
        return allowed;
    }

    UsageTally usage() {
        return usage;
    }

    @Override
    public Map<String, Usage> drain() {
        return usage.drain();
    }

    /** The {@code tenant} label of {@code tenant}'s series: its slug when allow-listed, empty otherwise. */
    String tenantLabel(TenantRef tenant) {
        return tenants.contains(tenant.slug()) ? tenant.slug() : "";
    }
}
