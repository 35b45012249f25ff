/**
 * The licensing service: the live plugin catalogue, each tenant's entitlements and switches, and its licence.
 */
@Version("1.3.0")
@Export
package io.dotmac.licensing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
