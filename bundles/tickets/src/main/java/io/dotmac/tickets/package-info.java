/**
 * Support tickets (the FREE plugin {@code ticketing}): the {@link io.dotmac.tickets.TicketService} and its records.
 */
@DotMacPlugin(id = "ticketing", tier = Tier.FREE, name = "Ticketing")
@Version("1.2.0")
@Export
package io.dotmac.tickets;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
