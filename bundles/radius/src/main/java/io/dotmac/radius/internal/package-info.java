/** The plugin radius_aaa: subscribers authenticated by FreeRADIUS from DotMac's rows, and cut off when suspended. */
@DotMacPlugin(id = "radius_aaa", tier = Tier.BASIC, name = "RADIUS AAA")
@Version("1.0.0")
package io.dotmac.radius.internal;

import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
