package io.dotmac.platform.api.metrics;

import java.time.Duration;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.TenantRef;

/**
 * Declares a bundle's metrics. The service is bundle-scoped: what a bundle declares is published as
 * {@code dotmac_<name>} (counters {@code dotmac_<name>_total}, timers {@code dotmac_<name>_seconds} as a histogram)
 * for as long as the bundle holds the service, and withdrawn when it releases it (the bundle stops or is
 * uninstalled). Names are {@code [a-z][a-z0-9_]*}, unique across bundles; declaring a name twice (in one bundle or
 * two) is an {@link IllegalArgumentException}.
 *
 * <p>Metrics declared {@code perTenant} carry two more labels after the declared ones: {@code tier}, the tenant's
 * tier, and {@code tenant}, the tenant's slug when the operator allow-lists it ({@code tenants} of
 * {@code etc/io.dotmac.metrics.cfg}) and empty otherwise, so every other tenant is aggregated by tier and the number
 * of series stays bounded however many tenants there are. Label values a bundle gives must come from a small, fixed
 * set (an outcome, a status, a route template), never from a request's data.
 */
@ProviderType
public interface Metrics {

    /** A counter of events not owned by a tenant. */
    Counter counter(String name, String help, String... labelNames);

    /** A counter of a tenant's events, labelled by tier (and allow-listed tenant) after {@code labelNames}. */
    TenantCounter tenantCounter(String name, String help, String... labelNames);

    /** A latency histogram (seconds) of work not owned by a tenant. */
    Timer timer(String name, String help, String... labelNames);

    /** A latency histogram (seconds) of a tenant's work, labelled by tier (and allow-listed tenant). */
    TenantTimer tenantTimer(String name, String help, String... labelNames);

    /**
     * A gauge read at each scrape: {@code sampler} is called with a {@link Samples} to which it gives the current
     * values (the depth of a queue, the number of tenants by tier). It runs on the scraping thread, so it should be
     * one cheap query; when it throws, the gauge is left out of that scrape and the error is logged.
     */
    void gauge(String name, String help, Consumer<Samples> sampler, String... labelNames);

    /** Counts events not owned by a tenant. */
    @ProviderType
    interface Counter {
        /** Adds one for the given label values (as many as the declared label names). */
        void increment(String... labelValues);

        /** Adds {@code amount} (≥ 0) for the given label values. */
        void add(double amount, String... labelValues);
    }

    /** Counts a tenant's events. */
    @ProviderType
    interface TenantCounter {
        /** Adds one for {@code tenant} and the given label values. */
        void increment(TenantRef tenant, String... labelValues);

        /** Adds {@code amount} (≥ 0) for {@code tenant} and the given label values. */
        void add(TenantRef tenant, double amount, String... labelValues);
    }

    /** Observes durations of work not owned by a tenant. */
    @ProviderType
    interface Timer {
        /** Records one duration for the given label values. */
        void record(Duration duration, String... labelValues);
    }

    /** Observes durations of a tenant's work. */
    @ProviderType
    interface TenantTimer {
        /** Records one duration of {@code tenant}'s work for the given label values. */
        void record(TenantRef tenant, Duration duration, String... labelValues);
    }

    /** Where a gauge's sampler puts the values of one scrape. */
    @ProviderType
    interface Samples {
        /** The gauge's value for the given label values (as many as the declared label names). */
        void set(double value, String... labelValues);
    }
}
