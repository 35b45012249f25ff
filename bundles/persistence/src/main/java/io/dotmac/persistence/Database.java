package io.dotmac.persistence;

import java.sql.Connection;
import java.sql.SQLException;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.TenantRef;

/**
 * JDBC transactions on the migrated application database. A call made while the same thread is already inside a
 * transaction joins it, so services compose into one atomic unit (a tenant and its first administrator are
 * written together or not at all). The service exists only while the core schema is migrated.
 *
 * <p>{@link #inTenant} binds the tenant to the transaction: on PostgreSQL it sets {@value #TENANT_SETTING}
 * transaction-locally, which the row-level security policies of every tenant-owned table read, so a query that
 * forgot its {@code WHERE tenant_id = ?} still sees only that tenant's rows (queries stay scoped regardless). A
 * transaction bound to no tenant sees no tenant-owned row at all, except through {@link #acrossTenants}: a
 * bundle's own background work over every tenant's rows of its own tables (claiming due queue rows), which sets
 * {@value #SYSTEM_SETTING} to the bundle's schema ({@link MigratedSchema#SCHEMA_HEADER}); the row-level security
 * policies of that schema's tables, and of no other, let such a transaction through.
 *
 * <p>Each bundle gets its own instance (the service is bundle-scoped), which knows the bundle's schema. Work across
 * every table of every tenant is the platform's alone: {@link io.dotmac.persistence.platform.SystemDatabase}, a service plugins cannot obtain.
 */
@ProviderType
public interface Database {

    /** The PostgreSQL setting holding the current transaction's tenant id. */
    String TENANT_SETTING = "dotmac.tenant";

    /**
     * The PostgreSQL setting of a transaction that works across tenants: {@code on} for the platform's own
     * ({@code SystemDatabase.inSystem}), a schema's name for {@link #acrossTenants}.
     */
    String SYSTEM_SETTING = "dotmac.system";

    /** Runs {@code work} in a transaction that acts for no tenant (platform data). */
    <T> T inTransaction(SqlWork<T> work);

    /**
     * Runs {@code work} in a transaction bound to {@code tenant}.
     *
     * @throws IllegalStateException when joining a transaction bound to another tenant
     */
    <T> T inTenant(TenantRef tenant, SqlWork<T> work);

    /**
     * Runs {@code work} in a transaction that may read and write every tenant's rows <em>of the calling bundle's
     * own tables</em> (those its {@link MigratedSchema#SCHEMA_HEADER} schema created): a plugin's background work
     * across tenants, such as claiming the due rows of its queue, never on behalf of a request. On PostgreSQL,
     * rows of other bundles' tables stay invisible in it; joining a transaction of another bundle's
     * {@code acrossTenants} is refused.
     *
     * @throws IllegalStateException when the calling bundle declares no schema
     */
    <T> T acrossTenants(SqlWork<T> work);

    /**
     * Runs {@code action} once the current thread's transaction has committed (and its connection is back in the
     * pool), or never when it rolls back: for announcing what the transaction did, such as posting an event, only
     * once it is true. Outside a transaction it runs at once. Actions run in the order given; when one throws, the
     * others still run and the first exception is rethrown to the caller of the outermost transaction.
     */
    void afterCommit(Runnable action);

    /** {@code h2} or {@code postgresql}. */
    String vendor();

    /** Work done with the transaction's connection; it must not commit, roll back or close it. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
