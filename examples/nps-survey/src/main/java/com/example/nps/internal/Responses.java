package com.example.nps.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.persistence.Database;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.persistence.PagedQuery;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.ValidationException;

/** The answers, in this plugin's own schema, always in one tenant's scope. */
@Component(service = Responses.class)
public class Responses {

    private static final String COLUMNS = "id, customer_id, score, comment, created_at";

    private final Database db;

    @Activate
    public Responses(@Reference Database db,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=nps_survey)") MigratedSchema schema) {
        this.db = db;
    }

    Response record(TenantRef tenant, Response.Input in) {
        List<FieldError> errors = new ArrayList<>();
        if (in == null) {
            throw new ValidationException("body", "is required: customerId, score, comment");
        }
        if (in.customerId() == null || in.customerId().isBlank() || in.customerId().length() > 26) {
            errors.add(new FieldError("customerId", "is required: the customer's id"));
        }
        if (in.score() == null || in.score() < 0 || in.score() > 10) {
            errors.add(new FieldError("score", "must be a whole number from 0 to 10"));
        }
        if (in.comment() != null && in.comment().length() > 2000) {
            errors.add(new FieldError("comment", "at most 2000 characters"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Response r = new Response(Ids.next(), in.customerId().strip(), in.score(),
                in.comment() == null || in.comment().isBlank() ? null : in.comment().strip(), Instant.now());
        db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO nps_response (tenant_id, id, customer_id, "
                    + "score, comment, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                s.setString(1, tenant.id());
                s.setString(2, r.id());
                s.setString(3, r.customerId());
                s.setInt(4, r.score());
                s.setString(5, r.comment());
                s.setTimestamp(6, Timestamp.from(r.createdAt()));
                s.executeUpdate();
            }
            return null;
        });
        return r;
    }

    Page<Response> list(TenantRef tenant, int limit, String cursor) {
        return db.inTenant(tenant, c -> PagedQuery.of(COLUMNS, "nps_response", tenant.id())
                .fetch(c, rs -> new Response(rs.getString("id"), rs.getString("customer_id"), rs.getInt("score"),
                        rs.getString("comment"), rs.getTimestamp("created_at").toInstant()), Response::id, limit,
                        cursor));
    }

    Nps score(TenantRef tenant) {
        return db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT SUM(CASE WHEN score >= 9 THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN score BETWEEN 7 AND 8 THEN 1 ELSE 0 END), SUM(CASE WHEN score <= 6 THEN 1 ELSE 0 "
                    + "END) FROM nps_response WHERE tenant_id = ?")) {
                s.setString(1, tenant.id());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return Nps.of(rs.getInt(1), rs.getInt(2), rs.getInt(3));
                }
            }
        });
    }
}
