/**
 * Simulated SNMP v2c agents: the devices of demo ISPs (the management platform starts them on loopback), and the
 * agents of the tests and the polling benchmark.
 */
@Version("1.0.0")
@Export
package io.dotmac.snmp.sim;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
