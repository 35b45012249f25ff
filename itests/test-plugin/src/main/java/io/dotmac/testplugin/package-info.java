/** A test plugin: declares itself at tier PREMIUM, serves one endpoint and counts its activations. */
@DotMacPlugin(id = "test_plugin", tier = Tier.PREMIUM, name = "Test plugin")
@Version("1.4.2")
package io.dotmac.testplugin;

import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
