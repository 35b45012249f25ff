/**
 * The plugin marketplace's checks, for the platform's shell and installers: whether a plugin bundle is signed by a
 * developer key the marketplace certified ({@link io.dotmac.marketplace.PluginVerifier}).
 */
@Version("1.1.0")
@Export
package io.dotmac.marketplace;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
