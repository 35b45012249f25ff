/**
 * The REST API as a plugin's resources see it (part of the plugin API): the application's constants
 * ({@link io.dotmac.rest.DotMacRest}), {@link io.dotmac.rest.Callers} (who calls, for which tenant) and
 * {@link io.dotmac.rest.CsvExport}. The core's own members ({@code ApiMember}) moved to {@code io.dotmac.rest.core}
 * in 3.0.0.
 */
@Version("3.1.0")
@Export
package io.dotmac.rest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
