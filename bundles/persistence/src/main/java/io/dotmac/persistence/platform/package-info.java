/**
 * What the platform's core keeps to itself: work across every tenant ({@link SystemDatabase}), the database's health
 * and state, the instance's identity, and the data sources' names. Not part of the plugin API: the licensing's
 * boundary hides these services from plugins, and the SDK ({@code io.dotmac:dotmac-plugin-api}) does not carry them.
 */
@Version("1.3.0")
@Export
package io.dotmac.persistence.platform;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
