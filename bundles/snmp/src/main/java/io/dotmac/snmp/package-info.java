/**
 * SNMP integration (the PREMIUM plugin {@code snmp_integration}): an asynchronous SNMP v2c/v3 client as a service,
 * {@link io.dotmac.snmp.SnmpClient}, that polls agents for MIB-II system and interface data and probes addresses
 * for agents. Requests never hold a thread while they wait, and the number in flight is bounded.
 */
@DotMacPlugin(id = "snmp_integration", tier = Tier.PREMIUM, name = "SNMP integration")
@Version("1.0.0")
@Export
package io.dotmac.snmp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
