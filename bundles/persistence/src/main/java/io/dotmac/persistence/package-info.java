/**
 * The database as a plugin sees it (part of the plugin API): {@link io.dotmac.persistence.Database}, its own
 * bundle's schema run in one tenant's scope, migrations ({@link io.dotmac.persistence.MigratedSchema}), domain events
 * published after commit and their transactional listeners, paged queries. What the core keeps to itself (work
 * across every tenant, the database's health, the data sources' names) is in {@code io.dotmac.persistence.platform}
 * since 4.0.0.
 */
@Version("4.3.0")
@Export
package io.dotmac.persistence;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
