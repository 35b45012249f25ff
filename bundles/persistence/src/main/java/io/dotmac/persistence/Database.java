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
 * transaction-locally, which row-level security policies read. Queries stay scoped by {@code tenant_id}
 * regardless.
 */
@ProviderType
public interface Database {

    /** The PostgreSQL setting holding the current transaction's tenant id. */
    String TENANT_SETTING = "dotmac.tenant";

    /** Runs {@code work} in a transaction that acts for no tenant (platform data). */
    <T> T inTransaction(SqlWork<T> work);

    /**
     * Runs {@code work} in a transaction bound to {@code tenant}.
     *
     * @throws IllegalStateException when joining a transaction bound to another tenant
     */
    <T> T inTenant(TenantRef tenant, SqlWork<T> work);

    /** {@code h2} or {@code postgresql}. */
    String vendor();

    /** Work done with the transaction's connection; it must not commit, roll back or close it. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
