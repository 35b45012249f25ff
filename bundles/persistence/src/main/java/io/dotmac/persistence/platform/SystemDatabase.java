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

    /**
     * The primary key of every row of {@code tenantId} in every table with a {@code tenant_id} column and a primary
     * key: table (lower case) → keys, each the key's values as text joined by {@code |} in key order. With
     * {@link #deleteRows}, what a piece of work made can be taken back: the keys after it minus the keys before it.
     *
     * @since 1.2
     */
    java.util.Map<String, java.util.Set<String>> tenantRowKeys(String tenantId);

    /**
     * Deletes the rows of {@code tenantId} that {@code rows} names (keys as {@link #tenantRowKeys} gives them), in one
     * system transaction (joining the caller's), except what the tenant's other rows still need. References are found
     * by value: an entity (a row with a one-column key other than {@code tenant_id}: the platform's unique ids) is
     * referred to by any row holding its id in a text column, declared as a foreign key or not.
     * <ul>
     * <li>An entity of the set is kept when a row outside the set, or a kept row, refers to it.</li>
     * <li>Any other row of the set (a composite key, or the tenant's own id as key) is deleted when its key names an
     * entity that is deleted (an invoice's line, a subscription's charge), and kept otherwise: a counter, a setting,
     * the tenant's state; a kept one keeps what it refers to.</li>
     * <li>A row outside the set whose key names an entity of the set (a part made after it: a device's polled
     * interfaces and samples) goes with that entity rather than keeping it.</li>
     * </ul>
     * Keys of rows that are gone are ignored. Deleted in an order the foreign keys allow (a delete refused by one is
     * tried again after the others).
     *
     * @throws io.dotmac.persistence.DataAccessException when rows are left that foreign keys from other tenants keep
     * @since 1.2
     */
    RowDeletion deleteRows(String tenantId, java.util.Map<String, java.util.Set<String>> rows);
}
