/**
 * Tenants (the ISPs an instance serves): the registry service, its records, and the SPIs the tenant bundle calls
 * when a tenant is created ({@link io.dotmac.tenant.TenantAdminProvisioner}) or changed
 * ({@link io.dotmac.tenant.TenantListener}).
 */
@Version("1.3.0")
@Export
package io.dotmac.tenant;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
