/**
 * The implementation of the plugin; its API ({@code io.dotmac.tickets}) is published by the core's plugins-api bundle.
 */
@DotMacPlugin(id = "ticketing", tier = Tier.FREE, name = "Ticketing")
@Version("1.2.0")
package io.dotmac.tickets.internal;

import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
