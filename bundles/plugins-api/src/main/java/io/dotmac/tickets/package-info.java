/**
 * Support tickets (the FREE plugin {@code ticketing}): the {@link io.dotmac.tickets.TicketService} and its records.
 * Published in the core's plugins-api bundle, so it stays when the plugin is removed.
 */
@Version("1.3.0")
@Export
package io.dotmac.tickets;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
