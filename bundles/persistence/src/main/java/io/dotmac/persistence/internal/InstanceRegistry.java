package io.dotmac.persistence.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.persistence.Database;
import io.dotmac.persistence.platform.InstanceIdentity;

/**
 * Reads (or, on first start, creates) the instance's identity: the one row of {@code dotmac_instance}, through the
 * {@link Database} (which exists only once the schema is migrated). Plain JDBC: one row does not need an ORM, and
 * booting Hibernate for it cost every start about a second of CPU and a second of waiting.
 */
@Component(service = InstanceIdentity.class, immediate = true)
public class InstanceRegistry implements InstanceIdentity {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceRegistry.class);

    private final String id;
    private final Instant createdAt;

    @Activate
    public InstanceRegistry(@Reference Database db, BundleContext context) {
        String version = context.getBundle().getHeaders().get("DotMac-Version");
        Object[] row = db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, created_at FROM dotmac_instance ORDER BY created_at, id FETCH FIRST 1 ROWS ONLY");
                    ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return new Object[] {rs.getString(1), rs.getTimestamp(2).toInstant()};
                }
            }
            String newId = UUID.randomUUID().toString();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO dotmac_instance (id, created_at, created_by_version) VALUES (?, ?, ?)")) {
                s.setString(1, newId);
                s.setTimestamp(2, Timestamp.from(now));
                s.setString(3, version == null ? "unknown" : version);
                s.executeUpdate();
            }
            return new Object[] {newId, now};
        });
        this.id = (String) row[0];
        this.createdAt = (Instant) row[1];
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
