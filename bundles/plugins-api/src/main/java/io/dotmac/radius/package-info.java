/**
 * RADIUS (the BASIC plugin {@code radius_aaa}): what other parts of DotMac read of it, such as a subscriber's usage
 * for the customer portal. Published in the core's plugins-api bundle, so it stays when the plugin is removed.
 */
@Version("1.0.0")
@Export
package io.dotmac.radius;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
