/**
 * The database as other bundles see it: the names of the data source and persistence unit to bind to, and
 * the {@link io.dotmac.persistence.DatabaseHealth} service that tells whether the database is reachable and
 * migrated.
 */
@Version("3.0.0")
@Export
package io.dotmac.persistence;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
