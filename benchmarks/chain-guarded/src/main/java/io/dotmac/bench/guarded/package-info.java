/** A FREE plugin, so that the licensing dispatcher checks the tenant's entitlement on every request. */
@DotMacPlugin(id = "bench_guarded", tier = Tier.FREE, name = "Benchmark (guarded)")
@Version("1.0.0")
package io.dotmac.bench.guarded;

import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
