package io.dotmac.persistence.platform;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.persistence.Database;
import io.dotmac.persistence.Database.SqlWork;

/**
 * The platform's own database access: {@link Database} plus work across every tenant's rows of every table. Only
 * the platform's core bundles use it (the licensing catalogue, the user directory's start-up checks); the
 * licensing bundle's service hooks hide it from every plugin bundle, so third-party code cannot step past
 * row-level security through it.
 */
@ProviderType
public interface SystemDatabase extends Database {

    /**
     * Runs {@code work} in a transaction that may read and write every tenant's rows in every table: only for the
     * platform's own work across tenants, never on behalf of a request.
     */
    <T> T inSystem(SqlWork<T> work);

    /**
     * Deletes every row of {@code tenantId} from every table that has a {@code tenant_id} column, in one system
     * transaction (joining the caller's), in an order the foreign keys allow (a delete refused by one is tried again
     * after the others). The tenant's own row is not touched.
     *
     * @return the rows deleted per table (lower-case names), only those with rows
     * @throws io.dotmac.persistence.DataAccessException when rows are left that foreign keys keep
     * @since 1.1
     */
    java.util.Map<String, Integer> deleteTenantRows(String tenantId);

    /**
     * What each tenant stores, approximately: the bytes of its rows' values (as text; binary ones as they are) in
     * every table with a {@code tenant_id}, one aggregate query per table. A full scan: for a daily figure.
     *
     * @return tenant id → bytes
     * @since 1.1
     */
    java.util.Map<String, Long> storedBytesByTenant();
}
