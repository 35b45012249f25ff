/**
 * E-mail notifications (the BASIC plugin {@code email_notifications}): e-mails for billing, ticket and customer
 * events through a transactional outbox, with per-tenant templates and SMTP settings.
 * Published in the core's plugins-api bundle, so it stays when the plugin is removed.
 */
@Version("1.5.0")
@Export
package io.dotmac.notifications.email;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
