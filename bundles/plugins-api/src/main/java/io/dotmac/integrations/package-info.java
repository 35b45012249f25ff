/**
 * Custom integrations (the ENTERPRISE plugin {@code custom_integrations}): webhooks. A tenant's events (billing,
 * tickets, customers, network) are POSTed as JSON to the URLs it registers, signed with HMAC-SHA256 (see
 * {@link io.dotmac.integrations.WebhookSignature}), from a persisted queue with retries.
 * Published in the core's plugins-api bundle, so it stays when the plugin is removed.
 */
@Version("2.0.0")
@Export
package io.dotmac.integrations;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
