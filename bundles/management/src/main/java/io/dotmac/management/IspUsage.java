package io.dotmac.management;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Usage metering: what each tenant of this instance does, recorded per hour (API calls and their latency, devices
 * polled, e-mails sent, webhooks delivered, and its customers). Each node adds what it counted every
 * {@code usageFlushSeconds}, so the hours add up across nodes.
 *
 * @since 1.2
 */
@ProviderType
public interface IspUsage {

    /**
     * A tenant's hours from {@code from} (inclusive) to {@code to} (exclusive), oldest first; hours without a row are
     * left out.
     *
     * @throws io.dotmac.platform.api.NotFoundException for an unknown tenant
     */
    List<UsageHour> hours(String tenantIdOrSlug, Instant from, Instant to);

    /**
     * The 95th percentile of a tenant's API latency over the hours from {@code from} to {@code to} (their latency
     * buckets added up; ms, the upper bound of the bucket it falls in), null without requests.
     *
     * @throws io.dotmac.platform.api.NotFoundException for an unknown tenant
     */
    Double apiP95Millis(String tenantIdOrSlug, Instant from, Instant to);

    /**
     * Writes what this node counted since the last write now (it also happens every {@code usageFlushSeconds}), and
     * measures what each tenant stores (otherwise measured once a day).
     */
    void flush();
}
