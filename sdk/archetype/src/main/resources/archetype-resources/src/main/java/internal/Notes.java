package ${package}.internal;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.persistence.Database;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.persistence.PagedQuery;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.ValidationException;

/** The plugin's table, always in one tenant's scope (every row carries its tenant). */
@Component(service = Notes.class)
public class Notes {

    /** One note. */
    public record Note(String id, String text, Instant createdAt) {
    }

    /** What adding one takes. */
    public record Input(String text) {
    }

    private final Database db;

    @Activate
    public Notes(@Reference Database db,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=${pluginId})") MigratedSchema schema) {
        this.db = db;
    }

    /** The note's text, or why it is refused (the field named). */
    static String text(Input in) {
        if (in == null || in.text() == null || in.text().isBlank()) {
            throw new ValidationException("text", "is required");
        }
        if (in.text().length() > 500) {
            throw new ValidationException("text", "at most 500 characters");
        }
        return in.text().strip();
    }

    Note add(TenantRef tenant, Input in) {
        Note note = new Note(Ids.next(), text(in), Instant.now());
        db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO ${pluginId}_note (tenant_id, id, text, created_at) VALUES (?, ?, ?, ?)")) {
                s.setString(1, tenant.id());
                s.setString(2, note.id());
                s.setString(3, note.text());
                s.setTimestamp(4, Timestamp.from(note.createdAt()));
                s.executeUpdate();
            }
            return null;
        });
        return note;
    }

    Page<Note> list(TenantRef tenant, int limit, String cursor) {
        return db.inTenant(tenant, c -> PagedQuery.of("id, text, created_at", "${pluginId}_note", tenant.id())
                .fetch(c, rs -> new Note(rs.getString("id"), rs.getString("text"),
                        rs.getTimestamp("created_at").toInstant()), Note::id, limit, cursor));
    }
}
