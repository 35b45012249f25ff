package io.dotmac.sla.internal;

import java.time.Instant;

/**
 * What measures a subscription's availability: a device of network_monitoring, or one interface of it
 * ({@code ifIndex}; {@code null}: the device answering its polls is what counts).
 */
public record Link(String subscriptionId, String deviceId, Integer ifIndex, Instant createdAt) {

    /** What a client sends. */
    public record Input(String deviceId, Integer ifIndex) {
    }
}
