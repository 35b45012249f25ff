package io.dotmac.persistence.platform;

import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The identity of this DotMac instance: created in the database on first start and kept for ever. Registered
 * once the schema is migrated.
 */
@ProviderType
public interface InstanceIdentity {

    /** Opaque, unique id of the instance (a UUID). */
    String id();

    /** When the instance first started on this database. */
    Instant createdAt();
}
