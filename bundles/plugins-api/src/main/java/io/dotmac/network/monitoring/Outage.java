package io.dotmac.network.monitoring;

import java.time.Instant;

/**
 * A span in which a device did not answer its polls ({@code ifIndex} 0) or one of its interfaces was not up: from the
 * first failed poll (the first poll seeing the interface not up) to the poll that saw it up again. An interface its
 * operator shut down (ADMIN_DOWN) is no outage.
 *
 * @param end    {@code null} while it lasts
 * @param reason why the device did not answer; {@code "interface not up"} for an interface
 */
public record Outage(String deviceId, int ifIndex, Instant start, Instant end, String reason) {
}
