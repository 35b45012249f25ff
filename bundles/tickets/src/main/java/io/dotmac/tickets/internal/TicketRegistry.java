package io.dotmac.tickets.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.customers.CustomerService;
import io.dotmac.customers.CustomerStatus;
import io.dotmac.persistence.Database;
import io.dotmac.persistence.DomainEvents;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.persistence.PagedQuery;
import io.dotmac.platform.api.Caller;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.platform.api.Values;
import io.dotmac.security.TenantUser;
import io.dotmac.security.UserService;
import io.dotmac.tickets.Ticket;
import io.dotmac.tickets.TicketEvents;
import io.dotmac.tickets.TicketPriority;
import io.dotmac.tickets.TicketService;
import io.dotmac.tickets.TicketStatus;

/** {@link TicketService} on tables {@code dotmac_ticket} and {@code dotmac_ticket_comment}, scoped by tenant. */
@Component(service = TicketService.class)
public class TicketRegistry implements TicketService {

    static final int MAX_SUBJECT = 200;
    static final int MAX_TEXT = 10_000;

    private static final String COLUMNS = "id, subject, description, customer_id, priority, status, assignee_id, "
            + "created_by, comment_count, created_at, updated_at";

    private final Database db;
    private final CustomerService customers;
    private final UserService users;
    private final DomainEvents events;
    private final Clock clock;

    @Activate
    public TicketRegistry(@Reference Database db, @Reference CustomerService customers, @Reference UserService users,
            @Reference DomainEvents events,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=tickets)") MigratedSchema schema) {
        this(db, customers, users, events, Clock.systemUTC());
    }

    TicketRegistry(Database db, CustomerService customers, UserService users, DomainEvents events, Clock clock) {
        this.db = db;
        this.customers = customers;
        this.users = users;
        this.events = events;
        this.clock = clock;
    }

    private static Ticket read(ResultSet rs) throws SQLException {
        return new Ticket(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                TicketPriority.valueOf(rs.getString(5)), TicketStatus.valueOf(rs.getString(6)), rs.getString(7),
                rs.getString(8), rs.getInt(9), rs.getTimestamp(10).toInstant(), rs.getTimestamp(11).toInstant());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** A trimmed text of at most {@code max} characters; {@code null} (after an error) when empty or too long. */
    static String text(String value, String field, int max, List<FieldError> errors) {
        String v = value.strip();
        if (v.isEmpty() || v.length() > max) {
            errors.add(new FieldError(field, "must be 1 to " + max + " characters"));
            return null;
        }
        return v;
    }

    /** The id of an active user of the tenant; an error naming {@code assigneeId} otherwise. */
    private String assignee(TenantRef tenant, String id, List<FieldError> errors) {
        try {
            TenantUser user = users.get(tenant, id);
            if (!user.active()) {
                errors.add(new FieldError("assigneeId", "user '" + id + "' is inactive"));
            }
        } catch (NotFoundException e) {
            errors.add(new FieldError("assigneeId", "no user '" + id + "'"));
        }
        return id;
    }

    @Override
    public Ticket create(TenantRef tenant, Caller by, Ticket.Input in) {
        if (in == null) {
            throw new ValidationException("body", "a ticket is required");
        }
        List<FieldError> errors = new ArrayList<>();
        String subject = in.subject() == null ? missing("subject", errors) : text(in.subject(), "subject",
                MAX_SUBJECT, errors);
        String description = in.description() == null ? missing("description", errors) : text(in.description(),
                "description", MAX_TEXT, errors);
        if (in.customerId() == null) {
            missing("customerId", errors);
        } else {
            try {
                if (customers.get(tenant, in.customerId()).status() == CustomerStatus.CLOSED) {
                    errors.add(new FieldError("customerId", "customer '" + in.customerId() + "' is closed"));
                }
            } catch (NotFoundException e) {
                errors.add(new FieldError("customerId", "no customer '" + in.customerId() + "'"));
            }
        }
        TicketPriority priority = in.priority() == null ? TicketPriority.NORMAL
                : Values.oneOf(TicketPriority.class, in.priority(), "priority", errors);
        if (in.status() != null) {
            errors.add(new FieldError("status", "is set by the service (OPEN)"));
        }
        String assignee = in.assigneeId() == null || in.assigneeId().isEmpty() ? null
                : assignee(tenant, in.assigneeId(), errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Instant now = now();
        Ticket created = new Ticket(Ids.next(), subject, description, in.customerId(), priority, TicketStatus.OPEN,
                assignee, by.userId(), 0, now, now);
        return db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_ticket (" + COLUMNS
                    + ", tenant_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bind(s, created);
                s.setString(12, tenant.id());
                s.executeUpdate();
            }
            Map<String, Object> event = event(created, null);
            event.remove(TicketEvents.CHANGE);
            event.put(TicketEvents.PRIORITY, created.priority().name());
            event.put(TicketEvents.CREATED_BY, created.createdBy());
            events.publish(tenant, TicketEvents.TICKET_CREATED, event);
            return created;
        });
    }

    private static String missing(String field, List<FieldError> errors) {
        errors.add(new FieldError(field, "is required"));
        return null;
    }

    private static void bind(PreparedStatement s, Ticket t) throws SQLException {
        s.setString(1, t.id());
        s.setString(2, t.subject());
        s.setString(3, t.description());
        s.setString(4, t.customerId());
        s.setString(5, t.priority().name());
        s.setString(6, t.status().name());
        s.setString(7, t.assigneeId());
        s.setString(8, t.createdBy());
        s.setInt(9, t.commentCount());
        s.setTimestamp(10, Timestamp.from(t.createdAt()));
        s.setTimestamp(11, Timestamp.from(t.updatedAt()));
    }

    @Override
    public Ticket get(TenantRef tenant, String id) {
        return db.inTenant(tenant, c -> find(c, tenant, id, false));
    }

    private static Ticket find(Connection c, TenantRef tenant, String id, boolean lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM dotmac_ticket WHERE tenant_id = ? "
                + "AND id = ?" + (lock ? " FOR UPDATE" : ""))) {
            s.setString(1, tenant.id());
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("No ticket '" + id + "'");
                }
                return read(rs);
            }
        }
    }

    @Override
    public Page<Ticket> list(TenantRef tenant, TicketStatus status, TicketPriority priority, String assigneeId,
            String customerId, int limit, String cursor) {
        PagedQuery query = PagedQuery.of(COLUMNS, "dotmac_ticket", tenant.id());
        if (status != null) {
            query.where("status = ?", status.name());
        }
        if (priority != null) {
            query.where("priority = ?", priority.name());
        }
        if (assigneeId != null) {
            query.where("assignee_id = ?", assigneeId);
        }
        if (customerId != null) {
            query.where("customer_id = ?", customerId);
        }
        return db.inTenant(tenant, c -> query.fetch(c, TicketRegistry::read, Ticket::id, limit, cursor));
    }

    @Override
    public Ticket update(TenantRef tenant, String id, Ticket.Input in) {
        if (in == null) {
            throw new ValidationException("body", "the changes are required");
        }
        List<FieldError> errors = new ArrayList<>();
        String subject = in.subject() == null ? null : text(in.subject(), "subject", MAX_SUBJECT, errors);
        String description = in.description() == null ? null : text(in.description(), "description", MAX_TEXT,
                errors);
        if (in.customerId() != null) {
            errors.add(new FieldError("customerId", "cannot change"));
        }
        TicketPriority priority = in.priority() == null ? null
                : Values.oneOf(TicketPriority.class, in.priority(), "priority", errors);
        TicketStatus status = in.status() == null ? null
                : Values.oneOf(TicketStatus.class, in.status(), "status", errors);
        boolean unassign = "".equals(in.assigneeId());
        String assignee = in.assigneeId() == null || unassign ? null : assignee(tenant, in.assigneeId(), errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        TicketStatus newStatus = status;
        return db.inTenant(tenant, c -> {
            Ticket before = find(c, tenant, id, true);
            if (before.status() == TicketStatus.CLOSED) {
                throw new ConflictException("Ticket '" + id + "' is closed");
            }
            if (newStatus != null && newStatus != before.status() && !before.status().next().contains(newStatus)) {
                throw new ConflictException("Ticket '" + id + "' is " + before.status() + "; it can move to "
                        + before.status().next() + ", not " + newStatus);
            }
            Ticket after = new Ticket(id, subject != null ? subject : before.subject(),
                    description != null ? description : before.description(), before.customerId(),
                    priority != null ? priority : before.priority(), newStatus != null ? newStatus : before.status(),
                    unassign ? null : assignee != null ? assignee : before.assigneeId(), before.createdBy(),
                    before.commentCount(), before.createdAt(), now());
            write(c, tenant, after);
            if (after.status() != before.status()) {
                resolved(c, tenant, after);
            }
            events.publish(tenant, TicketEvents.TICKET_UPDATED, event(after, "UPDATED"));
            return after;
        });
    }

    private static Map<String, Object> event(Ticket t, String change) {
        Map<String, Object> p = new HashMap<>();
        p.put(TicketEvents.TICKET_ID, t.id());
        p.put(TicketEvents.CUSTOMER_ID, t.customerId());
        p.put(TicketEvents.SUBJECT, t.subject());
        p.put(TicketEvents.STATUS, t.status().name());
        p.put(TicketEvents.CHANGE, change);
        return p;
    }

    /** Resolving stamps the time (reports' time to resolve), reopening clears it, closing keeps it. */
    private static void resolved(Connection c, TenantRef tenant, Ticket t) throws SQLException {
        String value = switch (t.status()) {
            case RESOLVED -> "updated_at";
            case OPEN, IN_PROGRESS -> "NULL";
            case CLOSED -> "COALESCE(resolved_at, updated_at)";
        };
        try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_ticket SET resolved_at = " + value
                + " WHERE tenant_id = ? AND id = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, t.id());
            s.executeUpdate();
        }
    }

    private static void write(Connection c, TenantRef tenant, Ticket t) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_ticket SET subject = ?, description = ?, "
                + "priority = ?, status = ?, assignee_id = ?, comment_count = ?, updated_at = ? "
                + "WHERE tenant_id = ? AND id = ?")) {
            s.setString(1, t.subject());
            s.setString(2, t.description());
            s.setString(3, t.priority().name());
            s.setString(4, t.status().name());
            s.setString(5, t.assigneeId());
            s.setInt(6, t.commentCount());
            s.setTimestamp(7, Timestamp.from(t.updatedAt()));
            s.setString(8, tenant.id());
            s.setString(9, t.id());
            s.executeUpdate();
        }
    }

    @Override
    public Ticket.Comment comment(TenantRef tenant, Caller by, String ticketId, Ticket.Comment.Input in) {
        if (in == null) {
            throw new ValidationException("body", "a comment is required");
        }
        List<FieldError> errors = new ArrayList<>();
        String body = in.body() == null ? missing("body", errors) : text(in.body(), "body", MAX_TEXT, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Instant now = now();
        return db.inTenant(tenant, c -> {
            Ticket ticket = find(c, tenant, ticketId, true);
            if (ticket.status() == TicketStatus.CLOSED) {
                throw new ConflictException("Ticket '" + ticketId + "' is closed");
            }
            Ticket.Comment comment = new Ticket.Comment(Ids.next(), ticketId, by.userId(), by.username(), body, now);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_ticket_comment (id, tenant_id, "
                    + "ticket_id, author_id, author_name, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, comment.id());
                s.setString(2, tenant.id());
                s.setString(3, ticketId);
                s.setString(4, comment.authorId());
                s.setString(5, comment.authorName());
                s.setString(6, body);
                s.setTimestamp(7, Timestamp.from(now));
                s.executeUpdate();
            }
            write(c, tenant, new Ticket(ticket.id(), ticket.subject(), ticket.description(), ticket.customerId(),
                    ticket.priority(), ticket.status(), ticket.assigneeId(), ticket.createdBy(),
                    ticket.commentCount() + 1, ticket.createdAt(), now));
            Map<String, Object> event = event(ticket, "COMMENTED");
            event.put(TicketEvents.COMMENT, body);
            event.put(TicketEvents.AUTHOR, by.username());
            events.publish(tenant, TicketEvents.TICKET_UPDATED, event);
            return comment;
        });
    }

    @Override
    public List<Timing> timings(TenantRef tenant, Instant from, Instant to) {
        return db.inTenant(tenant, c -> {
            List<Timing> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT t.id, t.customer_id, t.priority, t.created_at, "
                    + "(SELECT MIN(m.created_at) FROM dotmac_ticket_comment m WHERE m.tenant_id = t.tenant_id "
                    + "AND m.ticket_id = t.id), t.resolved_at FROM dotmac_ticket t WHERE t.tenant_id = ? "
                    + "AND t.created_at >= ? AND t.created_at < ? ORDER BY t.created_at, t.id")) {
                s.setString(1, tenant.id());
                s.setTimestamp(2, Timestamp.from(from));
                s.setTimestamp(3, Timestamp.from(to));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Timestamp first = rs.getTimestamp(5);
                        Timestamp resolved = rs.getTimestamp(6);
                        out.add(new Timing(rs.getString(1), rs.getString(2), TicketPriority.valueOf(rs.getString(3)),
                                rs.getTimestamp(4).toInstant(), first == null ? null : first.toInstant(),
                                resolved == null ? null : resolved.toInstant()));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<Ticket.Comment> comments(TenantRef tenant, String ticketId) {
        return db.inTenant(tenant, c -> {
            find(c, tenant, ticketId, false);
            List<Ticket.Comment> comments = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, author_id, author_name, body, created_at "
                    + "FROM dotmac_ticket_comment WHERE tenant_id = ? AND ticket_id = ? ORDER BY id")) {
                s.setString(1, tenant.id());
                s.setString(2, ticketId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        comments.add(new Ticket.Comment(rs.getString(1), ticketId, rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getTimestamp(5).toInstant()));
                    }
                }
            }
            return comments;
        });
    }
}
