package io.dotmac.persistence.internal;

/** Registered once the schema is migrated; components that need the tables reference it. */
public interface SchemaReady {
}
