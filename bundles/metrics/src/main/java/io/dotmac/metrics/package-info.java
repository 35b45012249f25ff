/**
 * What the tenants did, as the platform meters it: {@link io.dotmac.metrics.TenantUsage}, the per-tenant totals of
 * the tenant metrics bundles record through {@code io.dotmac.platform.api.metrics.Metrics}, for the management
 * platform's usage metering. Not part of the plugin API.
 */
@Version("1.0.0")
@Export
package io.dotmac.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
