package io.dotmac.licensing.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.EnumMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.persistence.platform.SystemDatabase;
import io.dotmac.platform.api.LimitService;
import io.dotmac.platform.api.Tier;
import io.dotmac.platform.api.metrics.Metrics;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantService;

/**
 * The tier limits' usage as a metric: customers of all tenants by tier ({@code dotmac_customers}), read at each scrape
 * from the usage rows the limit checks keep (one row per tenant), never a count over the customers' table.
 */
@Component(immediate = true)
public class TierMetrics {

    private final SystemDatabase db;
    private final TenantService tenants;

    @Activate
    public TierMetrics(@Reference SystemDatabase db, @Reference TenantService tenants) {
        this.db = db;
        this.tenants = tenants;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMetrics(Metrics metrics) {
        metrics.gauge("customers", "Customers of all tenants by the tenant's tier", samples -> {
            Map<Tier, Long> byTier = customersByTier();
            for (Tier t : Tier.values()) {
                samples.set(byTier.getOrDefault(t, 0L), t.name());
            }
        }, "tier");
    }

    void unbindMetrics(Metrics metrics) {
        // the gauge goes with the service
    }

    Map<Tier, Long> customersByTier() {
        Map<Tier, Long> out = new EnumMap<>(Tier.class);
        db.inSystem(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT tenant_id, used FROM dotmac_limit_usage WHERE limit_name = ?")) {
                s.setString(1, LimitService.CUSTOMERS);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        long used = r.getLong(2);
                        tenants.find(r.getString(1)).map(Tenant::tier).ifPresent(t -> out.merge(t, used, Long::sum));
                    }
                }
            }
            return null;
        });
        return out;
    }
}
