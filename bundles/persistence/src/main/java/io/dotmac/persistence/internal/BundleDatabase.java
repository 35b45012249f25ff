package io.dotmac.persistence.internal;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import io.dotmac.persistence.Database;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.platform.api.TenantRef;

/**
 * One bundle's {@link Database}: the shared transactions, with work across tenants limited to the tables of the
 * bundle's own schema (its {@value MigratedSchema#SCHEMA_HEADER} header).
 */
@Component(service = Database.class, scope = ServiceScope.BUNDLE)
public class BundleDatabase implements Database {

    final JdbcDatabase transactions;
    private final String schema;

    @Activate
    public BundleDatabase(@Reference JdbcDatabase transactions, ComponentContext context) {
        this(transactions, schemaOf(context.getUsingBundle()));
    }

    BundleDatabase(JdbcDatabase transactions, String schema) {
        this.transactions = transactions;
        this.schema = schema;
    }

    /** The schema a bundle declares, or {@code null}. */
    static String schemaOf(Bundle bundle) {
        if (bundle == null) {
            return null;
        }
        String name = bundle.getHeaders("").get(MigratedSchema.SCHEMA_HEADER);
        return name == null ? null : name.trim();
    }

    @Override
    public <T> T inTransaction(SqlWork<T> work) {
        return transactions.inTransaction(work);
    }

    @Override
    public <T> T inTenant(TenantRef tenant, SqlWork<T> work) {
        return transactions.inTenant(tenant, work);
    }

    @Override
    public <T> T acrossTenants(SqlWork<T> work) {
        return transactions.acrossTenants(schema, work);
    }

    @Override
    public void afterCommit(Runnable action) {
        transactions.afterCommit(action);
    }

    @Override
    public String vendor() {
        return transactions.vendor();
    }
}
