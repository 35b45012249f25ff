package io.dotmac.network.monitoring;

import java.time.Instant;
import java.util.List;

/**
 * A monitored device as the API shows it. Its secrets (community, passphrases) are never shown: {@code snmpUser}
 * and the protocols are, for v3.
 */
public record Device(String id, String name, String address, int port, String version, String snmpUser,
        String authProtocol, String privProtocol, int pollIntervalSeconds, int timeoutMillis, int retries,
        String site, String customerId, List<String> tags, Instant createdAt, Instant updatedAt) {
}
