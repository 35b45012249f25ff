/**
 * The implementation of the plugin; its API ({@code io.dotmac.notifications.email}) is published by the core's plugins-api bundle.
 */
@DotMacPlugin(id = "email_notifications", tier = Tier.BASIC, name = "E-mail notifications")
@Version("1.2.0")
package io.dotmac.notifications.email.internal;

import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
