package io.dotmac.network.monitoring;

import java.time.Instant;
import java.util.List;

/**
 * A device's state: {@code status} UP, DOWN (after {@code downAfterPolls} failed polls in a row) or UNKNOWN (not
 * polled yet); {@code reason} why the last poll failed; {@code uptimeSeconds} from the agent's sysUpTime.
 */
public record DeviceStatus(String deviceId, String name, String address, String status, String reason,
        int consecutiveFailures, Instant lastPollAt, Instant lastSuccessAt, Long uptimeSeconds, String sysName,
        String sysDescr, List<InterfaceStatus> interfaces) {
}
