/**
 * The implementation of the plugin; its API ({@code io.dotmac.billing.automated}) is published by the core's
 * plugins-api bundle.
 */
@DotMacPlugin(id = "automated_billing", tier = Tier.BASIC, name = "Automated billing")
@Version("1.2.0")
package io.dotmac.billing.automated.internal;

import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
