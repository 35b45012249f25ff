/**
 * The public API of the DotMac platform: tiers, the plugin declaration annotation and the domain exceptions
 * that every bundle, ours and third-party, compiles against.
 */
@Version("1.12.0")
@Export
package io.dotmac.platform.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
