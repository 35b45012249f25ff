package io.dotmac.management;

import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One tenant's usage in one hour (UTC), as metered on its instance.
 *
 * @param hour              the hour's start
 * @param customers         its customers as last seen in the hour (null: not looked at in that hour)
 * @param apiCalls          requests it made to the REST API (its users and keys, and operators acting for it)
 * @param apiP95Millis      the 95th percentile of their latency: the upper bound of the latency bucket it falls in
 *                          (null without requests; above every bucket, the last bucket's bound: a floor)
 * @param devicesPolled     SNMP polls of its devices
 * @param emailsSent        e-mails sent for it
 * @param webhooksDelivered webhook deliveries it received a 2xx for
 * @param pluginsUsed       the plugins whose endpoints it called, sorted
 * @param storageBytes      what it stores (its rows' values, approximately), measured once a day: null in the other
 *                          hours
 * @since 1.2
 */
@ProviderType
public record UsageHour(Instant hour, Long customers, long apiCalls, Double apiP95Millis, long devicesPolled,
        long emailsSent, long webhooksDelivered, java.util.List<String> pluginsUsed, Long storageBytes) {
}
