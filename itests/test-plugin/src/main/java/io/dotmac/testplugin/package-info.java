/** A test plugin: declares itself at tier PREMIUM and does nothing else. */
@DotMacPlugin(id = "test_plugin", tier = Tier.PREMIUM, name = "Test plugin")
@Version("1.4.2")
package io.dotmac.testplugin;

import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
