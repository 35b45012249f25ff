package io.dotmac.network.monitoring;

/** An agent that answered a discovery probe; {@code deviceId} when the tenant already monitors that address. */
public record DiscoveredAgent(String address, int port, String sysName, String sysDescr, String sysObjectId,
        Long uptimeSeconds, String deviceId) {
}
