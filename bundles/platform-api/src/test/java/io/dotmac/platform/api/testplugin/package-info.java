/** A plugin declaration used only by {@code PluginCapabilityTest}. */
@DotMacPlugin(id = "automated_billing", tier = Tier.BASIC, name = "Automated billing")
@org.osgi.annotation.versioning.Version("1.2.3")
package io.dotmac.platform.api.testplugin;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
