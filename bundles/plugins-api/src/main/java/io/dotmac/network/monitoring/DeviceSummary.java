package io.dotmac.network.monitoring;

import java.util.Map;

/**
 * How a tenant's devices stand now: how many it monitors and how many are in each status their last poll left them
 * ({@code UP}, {@code DOWN}, {@code UNKNOWN} before a first poll; a status with no device is absent).
 */
public record DeviceSummary(int devices, Map<String, Integer> byStatus) {

    public DeviceSummary {
        byStatus = Map.copyOf(byStatus);
    }
}
