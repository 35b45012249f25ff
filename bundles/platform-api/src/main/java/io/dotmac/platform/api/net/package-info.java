/**
 * Connections a plugin opens on a tenant's behalf (webhooks, a tenant's SMTP server, ...): {@link OutboundGuard}
 * keeps them off the inside of the network.
 */
@Version("1.0.0")
@Export
package io.dotmac.platform.api.net;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
