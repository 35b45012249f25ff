/** A BASIC plugin that tries every way around the plugin boundary; the itests check that each is refused. */
@DotMacPlugin(id = "escape_plugin", tier = Tier.BASIC, name = "Escape attempts")
@Version("1.0.0")
package io.dotmac.escapeplugin;

import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
