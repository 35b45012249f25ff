/** The plugin sla_management: service level agreements, measured and enforced. */
@DotMacPlugin(id = "sla_management", tier = Tier.ENTERPRISE, name = "SLA management")
@Version("1.0.0")
package io.dotmac.sla.internal;

import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
