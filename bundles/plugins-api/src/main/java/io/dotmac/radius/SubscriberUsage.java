package io.dotmac.radius;

import java.time.LocalDate;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.TenantRef;

/**
 * A subscription's use of its connection, from RADIUS accounting: registered by {@code radius_aaa}, reached through
 * {@link io.dotmac.platform.api.TenantServices#service} for the tenant.
 */
@ProviderType
public interface SubscriberUsage {

    /** The plugin that registers this service. */
    String PLUGIN = "radius_aaa";

    /**
     * The subscription's usage per day (UTC) over the last {@code days} days (1-366), oldest first, the days with
     * sessions only; empty when the subscription has no RADIUS account.
     */
    List<Day> usage(TenantRef tenant, String subscriptionId, int days);

    /**
     * One day: the sessions started that day, their seconds, and the octets the subscriber downloaded and uploaded
     * (as the NAS counts them).
     */
    record Day(LocalDate day, int sessions, long seconds, long downloadedOctets, long uploadedOctets) {
    }
}
