package io.dotmac.network.monitoring;

import java.time.Instant;
import java.util.List;

/** An interface's history from {@code from} (inclusive) to {@code to} (exclusive), one point per step with data. */
public record InterfaceHistory(String deviceId, int ifIndex, Instant from, Instant to, long stepSeconds,
        List<HistoryPoint> points) {
}
