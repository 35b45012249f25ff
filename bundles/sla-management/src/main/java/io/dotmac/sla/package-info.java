/** What sla_management announces: its events' topics and properties. */
@Version("1.0.0")
@Export
package io.dotmac.sla;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
