package io.dotmac.persistence.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.persistence.InstanceIdentity;
import io.dotmac.persistence.Persistence;

/**
 * Reads (or, on first start, creates) the instance's identity through JPA (whose unit exists only once the schema
 * is migrated). It is the
 * persistence unit's first user and proves the JPA stack (Aries JPA, Hibernate, the pooled data source).
 */
@Component(service = InstanceIdentity.class, immediate = true)
public class InstanceRegistry implements InstanceIdentity {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceRegistry.class);

    private final String id;
    private final Instant createdAt;

    @Activate
    public InstanceRegistry(
            @Reference(target = "(osgi.unit.name=" + Persistence.PERSISTENCE_UNIT + ")") JpaTemplate jpa,
            BundleContext context) {
        String version = context.getBundle().getHeaders().get("DotMac-Version");
        InstanceRecord record = jpa.txExpr(TransactionType.Required, em -> {
            List<InstanceRecord> existing = em.createQuery(
                    "select i from InstanceRecord i order by i.createdAt", InstanceRecord.class).getResultList();
            if (!existing.isEmpty()) {
                return existing.get(0);
            }
            InstanceRecord created = new InstanceRecord(UUID.randomUUID().toString(),
                    Instant.now().truncatedTo(ChronoUnit.MILLIS), version == null ? "unknown" : version);
            em.persist(created);
            return created;
        });
        this.id = record.id();
        this.createdAt = record.createdAt();
        LOG.info("DotMac instance {} (created {})", id, createdAt);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Instant createdAt() {
        return createdAt;
    }
}
