package io.dotmac.billing.basic.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.persistence.Database;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.ValidationException;

/**
 * The seller's details a tenant's invoices print (table {@code dotmac_billing_seller}, one row per tenant): legal name,
 * postal address and tax id. A tenant that set none prints its name only.
 */
@Component(service = Sellers.class)
public class Sellers {

    static final int MAX_NAME = 200;
    static final int MAX_ADDRESS = 500;
    static final int MAX_ADDRESS_LINES = 6;
    static final int MAX_TAX_ID = 50;
    private static final Pattern TAX_ID = Pattern.compile("[\\p{L}\\p{N} ./-]+");

    /** The seller's details; each {@code null} when not set. */
    public record Seller(String legalName, String address, String taxId) {
        static final Seller NONE = new Seller(null, null, null);
    }

    private final Database db;
    private final Clock clock = Clock.systemUTC();

    @Activate
    public Sellers(@Reference Database db,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=billing)") MigratedSchema schema) {
        this.db = db;
    }

    Sellers(Database db) {
        this.db = db;
    }

    Seller get(TenantRef tenant) {
        return db.inTenant(tenant, c -> read(c, tenant));
    }

    /** {@code tenant}'s details, read on {@code c} (bound to that tenant). */
    static Seller read(Connection c, TenantRef tenant) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT legal_name, address, tax_id FROM "
                + "dotmac_billing_seller WHERE tenant_id = ?")) {
            s.setString(1, tenant.id());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Seller(rs.getString(1), rs.getString(2), rs.getString(3)) : Seller.NONE;
            }
        }
    }

    /**
     * Changes what {@code change} names ({@code null} keeps a field, {@code ""} clears it); every invalid field →
     * 422 naming it, and nothing changes.
     */
    Seller put(TenantRef tenant, Seller change) {
        if (change == null) {
            throw new ValidationException("legalName", "a JSON object is required");
        }
        List<FieldError> errors = new ArrayList<>();
        line(errors, "legalName", change.legalName(), MAX_NAME);
        if (change.address() != null) {
            if (change.address().length() > MAX_ADDRESS) {
                errors.add(new FieldError("address", "must be at most " + MAX_ADDRESS + " characters"));
            } else if (change.address().lines().count() > MAX_ADDRESS_LINES) {
                errors.add(new FieldError("address", "must be at most " + MAX_ADDRESS_LINES + " lines"));
            } else if (change.address().chars().anyMatch(ch -> Character.isISOControl(ch) && ch != '\n'
                    && ch != '\r')) {
                errors.add(new FieldError("address", "must not contain control characters"));
            }
        }
        if (line(errors, "taxId", change.taxId(), MAX_TAX_ID) && !change.taxId().isEmpty()
                && !TAX_ID.matcher(change.taxId()).matches()) {
            errors.add(new FieldError("taxId", "may contain letters, digits, spaces, '.', '/' and '-' only"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return db.inTenant(tenant, c -> {
            Seller now = Seller.NONE;
            try (PreparedStatement s = c.prepareStatement("SELECT legal_name, address, tax_id FROM "
                    + "dotmac_billing_seller WHERE tenant_id = ? FOR UPDATE")) {
                s.setString(1, tenant.id());
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        now = new Seller(rs.getString(1), rs.getString(2), rs.getString(3));
                    }
                }
            }
            Seller next = new Seller(merge(now.legalName(), change.legalName()),
                    merge(now.address(), change.address() == null ? null : change.address().strip()),
                    merge(now.taxId(), change.taxId()));
            try (PreparedStatement s = c.prepareStatement("DELETE FROM dotmac_billing_seller WHERE tenant_id = ?")) {
                s.setString(1, tenant.id());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_billing_seller (tenant_id, legal_name, "
                    + "address, tax_id, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                s.setString(1, tenant.id());
                s.setString(2, next.legalName());
                s.setString(3, next.address());
                s.setString(4, next.taxId());
                s.setTimestamp(5, Timestamp.from(clock.instant()));
                s.executeUpdate();
            }
            return next;
        });
    }

    /** Checks a one-line field; true when it is given and valid so far. */
    private static boolean line(List<FieldError> errors, String field, String value, int max) {
        if (value == null) {
            return false;
        }
        if (value.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
            return false;
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError(field, "must be one line"));
            return false;
        }
        return true;
    }

    private static String merge(String stored, String given) {
        if (given == null) {
            return stored;
        }
        String v = given.strip();
        return v.isEmpty() ? null : v;
    }
}
