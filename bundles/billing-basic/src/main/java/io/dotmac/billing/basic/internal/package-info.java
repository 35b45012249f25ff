/**
 * The implementation of the plugin; its API ({@code io.dotmac.billing.basic}) is published by the core's plugins-api bundle.
 */
@DotMacPlugin(id = "basic_billing", tier = Tier.FREE, name = "Basic billing")
@Version("1.2.0")
package io.dotmac.billing.basic.internal;

import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
