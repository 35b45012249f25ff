/**
 * Network monitoring (the PREMIUM plugin {@code network_monitoring}): a tenant's network devices, polled over SNMP
 * through {@code snmp_integration}, their status, interface rates and history, up/down events
 * ({@link io.dotmac.network.monitoring.NetworkEvents}) and discovery of agents in an address range.
 */
@DotMacPlugin(id = "network_monitoring", tier = Tier.PREMIUM, name = "Network monitoring")
@Version("1.1.0")
@Export
package io.dotmac.network.monitoring;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
