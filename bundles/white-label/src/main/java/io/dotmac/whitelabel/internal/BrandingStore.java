package io.dotmac.whitelabel.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.persistence.Database;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.platform.api.Brands;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.ValidationException;

/** A tenant's brand in {@code dotmac_branding} (one row per tenant, made by the first change). */
@Component(service = BrandingStore.class)
public class BrandingStore {

    private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\"]{1,64}@[A-Za-z0-9.-]{1,189}\\.[A-Za-z]{2,63}");
    private static final String COLUMNS = "legal_name, address, tax_id, primary_colour, accent_colour, "
            + "email_from_name, email_from_address, invoice_footer, payment_details, logo_type, updated_at";

    private final Database db;
    private final Clock clock = Clock.systemUTC();

    /** A stored logo: its type and sanitised bytes. */
    record Logo(String type, byte[] bytes) {
    }

    @Activate
    public BrandingStore(@Reference Database db,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=white_label)") MigratedSchema schema) {
        this.db = db;
    }

    Branding get(TenantRef tenant) {
        return db.inTenant(tenant, c -> find(c, tenant)).orElse(Branding.none());
    }

    /** Replaces the tenant's brand (the logo stays); 422 naming every field at fault, nothing changed then. */
    Branding put(TenantRef tenant, Branding.Input input) {
        if (input == null) {
            throw new ValidationException("(body)", "must be a JSON object");
        }
        List<FieldError> errors = new ArrayList<>();
        String legalName = text(errors, "legalName", input.legalName(), 200);
        String address = text(errors, "address", input.address(), 1000);
        String taxId = text(errors, "taxId", input.taxId(), 50);
        String primary = colour(errors, "primaryColour", input.primaryColour());
        String accent = colour(errors, "accentColour", input.accentColour());
        String fromName = text(errors, "emailFromName", input.emailFromName(), 100);
        String fromAddress = text(errors, "emailFromAddress", input.emailFromAddress(), 254);
        if (fromAddress != null && !EMAIL.matcher(fromAddress).matches()) {
            errors.add(new FieldError("emailFromAddress", "must be an e-mail address"));
        }
        if (fromName != null && fromName.matches(".*[\\r\\n<>\"].*")) {
            errors.add(new FieldError("emailFromName", "must not hold line breaks, quotes or angle brackets"));
        }
        String footer = text(errors, "invoiceFooter", input.invoiceFooter(), 1000);
        String payment = text(errors, "paymentDetails", input.paymentDetails(), 1000);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return db.inTenant(tenant, c -> {
            ensureRow(c, tenant, now);
            try (PreparedStatement ps = c.prepareStatement("UPDATE dotmac_branding SET legal_name = ?, address = ?, "
                    + "tax_id = ?, primary_colour = ?, accent_colour = ?, email_from_name = ?, email_from_address = ?, "
                    + "invoice_footer = ?, payment_details = ?, updated_at = ? WHERE tenant_id = ?")) {
                ps.setString(1, legalName);
                ps.setString(2, address);
                ps.setString(3, taxId);
                ps.setString(4, primary);
                ps.setString(5, accent);
                ps.setString(6, fromName);
                ps.setString(7, fromAddress);
                ps.setString(8, footer);
                ps.setString(9, payment);
                ps.setTimestamp(10, Timestamp.from(now));
                ps.setString(11, tenant.id());
                ps.executeUpdate();
            }
            return find(c, tenant).orElseThrow();
        });
    }

    /** Stores {@code body} (of {@code type}) as the tenant's logo, sanitised ({@link Logos}). */
    Branding putLogo(TenantRef tenant, String type, byte[] body) {
        byte[] clean = Logos.sanitise(type, body);
        String kind = type.toLowerCase(java.util.Locale.ROOT).startsWith(Logos.PNG) ? Logos.PNG : Logos.SVG;
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return db.inTenant(tenant, c -> {
            ensureRow(c, tenant, now);
            try (PreparedStatement ps = c.prepareStatement("UPDATE dotmac_branding SET logo_type = ?, logo_data = ?, "
                    + "updated_at = ? WHERE tenant_id = ?")) {
                ps.setString(1, kind);
                ps.setString(2, Base64.getEncoder().encodeToString(clean));
                ps.setTimestamp(3, Timestamp.from(now));
                ps.setString(4, tenant.id());
                ps.executeUpdate();
            }
            return find(c, tenant).orElseThrow();
        });
    }

    /** The tenant's brand with its logo, as documents use it. */
    Brands.Brand brand(TenantRef tenant) {
        return db.inTenant(tenant, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", logo_data FROM dotmac_branding "
                    + "WHERE tenant_id = ?")) {
                ps.setString(1, tenant.id());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Brands.Brand.NONE;
                    }
                    String logo = rs.getString(12);
                    return new Brands.Brand(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            logo == null ? null : rs.getString(10),
                            logo == null ? null : Base64.getDecoder().decode(logo));
                }
            }
        });
    }

    Logo logo(TenantRef tenant) {
        return db.inTenant(tenant, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT logo_type, logo_data FROM dotmac_branding "
                    + "WHERE tenant_id = ? AND logo_type IS NOT NULL")) {
                ps.setString(1, tenant.id());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Logo(rs.getString(1), Base64.getDecoder().decode(rs.getString(2))))
                            : Optional.<Logo>empty();
                }
            }
        }).orElseThrow(() -> new NotFoundException("No logo"));
    }

    void deleteLogo(TenantRef tenant) {
        db.inTenant(tenant, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE dotmac_branding SET logo_type = NULL, "
                    + "logo_data = NULL, updated_at = ? WHERE tenant_id = ?")) {
                ps.setTimestamp(1, Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MILLIS)));
                ps.setString(2, tenant.id());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * The tenant's row, made by the first change and locked until the transaction ends; two first changes at once
     * both find it made (an insert that does nothing when the row is there, then a lock), neither fails.
     */
    private void ensureRow(Connection c, TenantRef tenant, Instant now) throws SQLException {
        String insert = "postgresql".equals(db.vendor())
                ? "INSERT INTO dotmac_branding (tenant_id, updated_at) VALUES (?, ?) ON CONFLICT (tenant_id) DO NOTHING"
                : "MERGE INTO dotmac_branding (tenant_id, updated_at) KEY (tenant_id) VALUES (?, ?)";
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setString(1, tenant.id());
            ps.setTimestamp(2, Timestamp.from(now));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM dotmac_branding WHERE tenant_id = ? FOR UPDATE")) {
            ps.setString(1, tenant.id());
            ps.executeQuery().close();
        }
    }

    private static Optional<Branding> find(Connection c, TenantRef tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM dotmac_branding "
                + "WHERE tenant_id = ?")) {
            ps.setString(1, tenant.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp updated = rs.getTimestamp(11);
                return Optional.of(new Branding(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10), updated == null ? null : updated.toInstant()));
            }
        }
    }

    private static String text(List<FieldError> errors, String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
        }
        return v;
    }

    private static String colour(List<FieldError> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!COLOUR.matcher(value.strip()).matches()) {
            errors.add(new FieldError(field, "must be a colour #RRGGBB"));
            return null;
        }
        return value.strip().toLowerCase(java.util.Locale.ROOT);
    }
}
