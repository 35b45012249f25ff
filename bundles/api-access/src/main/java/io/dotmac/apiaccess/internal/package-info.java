/**
 * The plugin api_access: tenant API keys. BASIC tenants get the limited variant (read scopes, the lower rate),
 * PREMIUM and up the full one.
 */
@DotMacPlugin(id = "api_access", tier = Tier.BASIC, name = "API access")
@Version("1.0.0")
package io.dotmac.apiaccess.internal;

import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
