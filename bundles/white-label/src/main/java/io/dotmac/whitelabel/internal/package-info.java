/** The plugin white_label: a tenant's own brand on what DotMac shows and sends for it. */
@DotMacPlugin(id = "white_label", tier = Tier.ENTERPRISE, name = "White label")
@Version("1.0.0")
package io.dotmac.whitelabel.internal;

import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
