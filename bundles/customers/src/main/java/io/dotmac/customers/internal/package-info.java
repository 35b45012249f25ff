/**
 * The implementation of the plugin; its API ({@code io.dotmac.customers}) is published by the core's plugins-api bundle.
 */
@DotMacPlugin(id = "customer_management", tier = Tier.FREE, name = "Customer management")
@Version("1.4.0")
package io.dotmac.customers.internal;

import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
