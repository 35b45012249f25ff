/**
 * What other bundles need to put resources into the DotMac REST application: its name and the whiteboard
 * filter that selects it.
 */
@Version("1.2.0")
@Export
package io.dotmac.rest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
