/** The ${pluginName} plugin. */
@DotMacPlugin(id = "${pluginId}", tier = Tier.${tier}, name = "${pluginName}")
@Version("1.0.0")
package ${package};

import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
