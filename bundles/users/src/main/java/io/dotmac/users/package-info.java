/**
 * The FREE plugin {@code user_auth}: {@code /api/v1/users}, a tenant's users for its administrators. The users
 * themselves, logins and tokens belong to the security bundle, so switching this plugin off only removes the
 * endpoint; nobody loses their login.
 */
@DotMacPlugin(id = "user_auth", tier = Tier.FREE, name = "User management")
@Version("1.0.0")
package io.dotmac.users;

import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
