/**
 * A tenant's users as other bundles see them: the {@link io.dotmac.security.UserService} (the plugin
 * {@code user_auth} serves it over REST; tickets check assignees with it) and its records.
 * {@link io.dotmac.security.Secrets} seals secrets at rest for any bundle.
 */
@Version("1.1.0")
@Export
package io.dotmac.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
