package io.dotmac.persistence;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Registered once the schema a bundle ships is migrated, with the property {@value #SCHEMA_PROPERTY} naming it.
 * A bundle declares its schema with the manifest header {@value #SCHEMA_HEADER}{@code : <name>} and puts its
 * Flyway SQL migrations under {@code db/migration/common} (and {@code db/migration/h2} or
 * {@code db/migration/postgresql} for vendor-specific ones); its components that use the tables reference
 * {@code (dotmac.schema=<name>)}. Each schema has its own history table, so bundles come and go independently;
 * tables of two schemas do not reference each other.
 */
@ProviderType
public interface MigratedSchema {

    /** The manifest header naming a bundle's schema. */
    String SCHEMA_HEADER = "DotMac-Schema";

    /** The service property naming the schema. */
    String SCHEMA_PROPERTY = "dotmac.schema";

    /** The schema's name ({@code [a-z][a-z0-9_]*}). */
    String name();

    /** The schema version now applied. */
    String version();
}
