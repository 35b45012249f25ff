/**
 * The implementation of the plugin; its API ({@code io.dotmac.network.monitoring}) is published by the core's
 * plugins-api bundle.
 */
@DotMacPlugin(id = "network_monitoring", tier = Tier.PREMIUM, name = "Network monitoring")
@Version("1.1.0")
package io.dotmac.network.monitoring.internal;

import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
