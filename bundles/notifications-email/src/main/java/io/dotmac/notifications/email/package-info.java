/**
 * E-mail notifications (the BASIC plugin {@code email_notifications}): e-mails for billing, ticket and customer
 * events through a transactional outbox, with per-tenant templates and SMTP settings.
 */
@DotMacPlugin(id = "email_notifications", tier = Tier.BASIC, name = "E-mail notifications")
@Version("1.2.0")
@Export
package io.dotmac.notifications.email;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
