package io.dotmac.network.monitoring;

import java.util.List;

/** The outcome of a discovery: how many addresses were probed, and the agents that answered, in address order. */
public record Discovery(String cidr, int probed, List<DiscoveredAgent> found, long millis) {
}
