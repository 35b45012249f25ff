package io.dotmac.persistence.internal;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import io.dotmac.persistence.platform.SystemDatabase;

/** A core bundle's {@link SystemDatabase}: its {@link BundleDatabase} plus work across every table. */
@Component(service = SystemDatabase.class, scope = ServiceScope.BUNDLE)
public class PlatformDatabase extends BundleDatabase implements SystemDatabase {

    @Activate
    public PlatformDatabase(@Reference JdbcDatabase transactions, ComponentContext context) {
        super(transactions, context);
    }

    PlatformDatabase(JdbcDatabase transactions, String schema) {
        super(transactions, schema);
    }

    @Override
    public <T> T inSystem(SqlWork<T> work) {
        return transactions.inSystem(work);
    }

    @Override
    public java.util.Map<String, Integer> deleteTenantRows(String tenantId) {
        return transactions.inSystem(c -> TenantRows.delete(c, tenantId));
    }

    @Override
    public java.util.Map<String, Long> storedBytesByTenant() {
        return transactions.inSystem(TenantRows::bytes);
    }

    @Override
    public java.util.Map<String, java.util.Set<String>> tenantRowKeys(String tenantId) {
        return transactions.inSystem(c -> SomeTenantRows.keys(c, tenantId));
    }

    @Override
    public io.dotmac.persistence.platform.RowDeletion deleteRows(String tenantId,
            java.util.Map<String, java.util.Set<String>> rows) {
        return transactions.inSystem(c -> SomeTenantRows.delete(c, tenantId, rows));
    }
}
