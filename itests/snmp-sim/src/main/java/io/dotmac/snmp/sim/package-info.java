/** Simulated SNMP v2c agents for tests and benchmarks (never part of the product). */
@Version("1.0.0")
@Export
package io.dotmac.snmp.sim;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
