/**
 * The implementation of the plugin; its API ({@code io.dotmac.integrations}) is published by the core's plugins-api bundle.
 */
@DotMacPlugin(id = "custom_integrations", tier = Tier.ENTERPRISE, name = "Custom integrations")
@Version("1.1.0")
package io.dotmac.integrations.internal;

import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
