package io.dotmac.persistence.platform;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The database's health, probed in the background: reading it never blocks and never touches the database.
 * The service exists while the application's data source does.
 */
@ProviderType
public interface DatabaseHealth {

    /** The outcome of the latest probe. */
    DatabaseState state();
}
