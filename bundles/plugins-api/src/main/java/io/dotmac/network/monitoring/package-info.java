/**
 * The API of network monitoring (the PREMIUM plugin {@code network_monitoring}, implemented by its own bundle): a
 * tenant's network devices, polled over SNMP through {@code snmp_integration}, their status, interface rates,
 * history and outages, up/down events ({@link io.dotmac.network.monitoring.NetworkEvents}) and discovery of agents
 * in an address range. Published by the core, so that another plugin (sla_management) can use it through licensing
 * without depending on the plugin's bundle being installed.
 */
@Version("1.2.0")
@Export
package io.dotmac.network.monitoring;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
