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
     * key that does not include {@code tenant_id} (rows keyed by the tenant itself, such as a counter or a settings
     * row, are its state, not listed): table (lower case) → keys, each the key's values as text joined by {@code |}
     * in key order. With {@link #deleteRows}, what a piece of work made can be taken back: the keys after it minus
     * the keys before it.
     *
     * @since 1.2
     */
    java.util.Map<String, java.util.Set<String>> tenantRowKeys(String tenantId);

    /**
     * Deletes the rows of {@code tenantId} that {@code rows} names (keys as {@link #tenantRowKeys} gives them), in one
     * system transaction (joining the caller's), except those the tenant's other rows still need:
     * <ul>
     * <li>a row of the set one of whose text values another row holds as the whole value (single-column keys are
     * the platform's unique ids, so an equal value is a reference, declared as a foreign key or not), when that
     * other row is outside the set or itself kept;</li>
     * <li>a row whose key includes a foreign key to a kept row or to a row outside the set (an invoice's line), and
     * the row such a kept line refers to;</li>
     * <li>rows keyed by the tenant itself (state, never listed by {@link #tenantRowKeys}).</li>
     * </ul>
     * Keys of rows that are gone are ignored. Deleted in an order the foreign keys allow (a delete refused by one is
     * tried again after the others).
     *
     * @throws io.dotmac.persistence.DataAccessException when rows are left that foreign keys from other tenants keep
     * @since 1.2
     */
    RowDeletion deleteRows(String tenantId, java.util.Map<String, java.util.Set<String>> rows);
}
