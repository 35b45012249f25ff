package io.dotmac.customers.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.dotmac.customers.Customer;
import io.dotmac.customers.CustomerEvents;
import io.dotmac.customers.CustomerGuard;
import io.dotmac.customers.CustomerInput;
import io.dotmac.customers.CustomerService;
import io.dotmac.customers.CustomerStatus;
import io.dotmac.persistence.DataAccessException;
import io.dotmac.persistence.Database;
import io.dotmac.persistence.DomainEvents;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.persistence.PagedQuery;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.LimitService;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.ValidationException;

/** {@link CustomerService} on table {@code dotmac_customer}, every statement scoped by tenant. */
@Component(service = CustomerService.class)
public class CustomerRegistry implements CustomerService {

    static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    static final Pattern PHONE = Pattern.compile("[0-9+()./ -]{3,40}");
    private static final String COLUMNS = "id, name, email, phone, service_address, status, created_at";

    private final Database db;
    private final LimitService limits;
    private final DomainEvents events;
    private final Clock clock;
    private final List<CustomerGuard> guards = new CopyOnWriteArrayList<>();

    @Activate
    public CustomerRegistry(@Reference Database db, @Reference LimitService limits, @Reference DomainEvents events,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=customers)") MigratedSchema schema) {
        this(db, limits, events, Clock.systemUTC());
    }

    CustomerRegistry(Database db, LimitService limits, DomainEvents events, Clock clock) {
        this.db = db;
        this.limits = limits;
        this.events = events;
        this.clock = clock;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addGuard(CustomerGuard guard) {
        guards.add(guard);
    }

    void removeGuard(CustomerGuard guard) {
        guards.remove(guard);
    }

    private static Customer read(ResultSet rs) throws SQLException {
        return new Customer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                CustomerStatus.valueOf(rs.getString(6)), rs.getTimestamp(7).toInstant());
    }

    /** The validated, normalised fields of an input; {@code required}: name and e-mail must be there. */
    static CustomerInput validate(CustomerInput in, boolean creating) {
        if (in == null) {
            throw new ValidationException("body", "a customer is required");
        }
        List<FieldError> errors = new ArrayList<>();
        String name = in.name() == null ? null : in.name().strip();
        if (name == null ? creating : name.isEmpty() || name.length() > 200) {
            errors.add(new FieldError("name", "is required, at most 200 characters"));
        }
        String email = in.email() == null ? null : in.email().strip();
        if (email == null ? creating : email.length() > 254 || !EMAIL.matcher(email).matches()) {
            errors.add(new FieldError("email", "must be an e-mail address"));
        }
        String phone = blankToNull(in.phone());
        if (phone != null && !PHONE.matcher(phone).matches()) {
            errors.add(new FieldError("phone", "must be 3 to 40 digits, spaces and + ( ) . / -"));
        }
        String address = blankToNull(in.serviceAddress());
        if (address != null && address.length() > 500) {
            errors.add(new FieldError("serviceAddress", "must be at most 500 characters"));
        }
        String status = in.status();
        if (status != null && (creating || !(status.equals("ACTIVE") || status.equals("SUSPENDED")))) {
            errors.add(new FieldError("status", creating ? "is set by the service (ACTIVE)"
                    : "must be ACTIVE or SUSPENDED (DELETE closes a customer)"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new CustomerInput(name, email, phone, address, status);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public Customer create(TenantRef tenant, CustomerInput input) {
        CustomerInput in = validate(input, true);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Customer created = new Customer(Ids.next(), in.name(), in.email(), in.phone(), in.serviceAddress(),
                CustomerStatus.ACTIVE, now);
        try {
            return db.inTenant(tenant, c -> {
                limits.reserve(tenant, LimitService.CUSTOMERS);
                try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_customer (id, tenant_id, name, "
                        + "email, email_key, phone, service_address, status, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    s.setString(1, created.id());
                    s.setString(2, tenant.id());
                    s.setString(3, created.name());
                    s.setString(4, created.email());
                    s.setString(5, created.email().toLowerCase(Locale.ROOT));
                    s.setString(6, created.phone());
                    s.setString(7, created.serviceAddress());
                    s.setString(8, created.status().name());
                    s.setTimestamp(9, Timestamp.from(now));
                    s.setTimestamp(10, Timestamp.from(now));
                    s.executeUpdate();
                }
                events.publish(tenant, CustomerEvents.CUSTOMER_CREATED, Map.of(CustomerEvents.CUSTOMER_ID,
                        created.id(), CustomerEvents.NAME, created.name(), CustomerEvents.EMAIL, created.email()));
                return created;
            });
        } catch (DataAccessException e) {
            if (e.uniqueViolation()) {
                throw emailTaken(in.email());
            }
            throw e;
        }
    }

    private static ConflictException emailTaken(String email) {
        return new ConflictException("A customer with e-mail '" + email + "' already exists");
    }

    @Override
    public Customer get(TenantRef tenant, String id) {
        return db.inTenant(tenant, c -> find(c, tenant, id, false));
    }

    @Override
    public Customer lock(TenantRef tenant, String id) {
        return db.inTenant(tenant, c -> find(c, tenant, id, true));
    }

    @Override
    public Map<String, Customer> lockAll(TenantRef tenant, Collection<String> ids) {
        List<String> sorted = new TreeSet<>(ids).stream().toList();
        Map<String, Customer> found = new HashMap<>();
        if (sorted.isEmpty()) {
            return found;
        }
        return db.inTenant(tenant, c -> {
            // in slices, each one statement, so a run over thousands of customers costs few round trips
            for (int from = 0; from < sorted.size(); from += LOCK_SLICE) {
                List<String> slice = sorted.subList(from, Math.min(sorted.size(), from + LOCK_SLICE));
                try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM dotmac_customer "
                        + "WHERE tenant_id = ? AND id IN (" + String.join(", ", Collections.nCopies(slice.size(), "?"))
                        + ") ORDER BY id FOR UPDATE")) {
                    s.setString(1, tenant.id());
                    for (int i = 0; i < slice.size(); i++) {
                        s.setString(i + 2, slice.get(i));
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            Customer customer = read(rs);
                            found.put(customer.id(), customer);
                        }
                    }
                }
            }
            return found;
        });
    }

    /** How many ids {@link #lockAll} locks with one statement. */
    private static final int LOCK_SLICE = 1000;

    private static Customer find(Connection c, TenantRef tenant, String id, boolean lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM dotmac_customer "
                + "WHERE tenant_id = ? AND id = ?" + (lock ? " FOR UPDATE" : ""))) {
            s.setString(1, tenant.id());
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("No customer '" + id + "'");
                }
                return read(rs);
            }
        }
    }

    @Override
    public Page<Customer> list(TenantRef tenant, CustomerStatus status, String q, int limit, String cursor) {
        return list(tenant, status, q, null, limit, cursor);
    }

    @Override
    public Page<Customer> list(TenantRef tenant, CustomerStatus status, String q, String tag, int limit,
            String cursor) {
        String wanted = tag == null ? null : checkTag(tag);
        String query = q == null || q.isBlank() ? null : q.strip().toLowerCase(Locale.ROOT);
        if (query != null && query.length() > 200) {
            throw new ValidationException("q", "must be at most 200 characters");
        }
        PagedQuery page = PagedQuery.of(COLUMNS, "dotmac_customer", tenant.id());
        if (status != null) {
            page.where("status = ?", status.name());
        }
        if (query != null) {
            String like = "%" + query.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
            page.where("LOWER(name) LIKE ? ESCAPE '!' OR email_key LIKE ? ESCAPE '!'", like, like);
        }
        if (wanted != null) {
            page.where("id IN (SELECT customer_id FROM dotmac_customer_tag WHERE tenant_id = ? AND tag = ?)",
                    tenant.id(), wanted);
        }
        return db.inTenant(tenant, c -> page.fetch(c, CustomerRegistry::read, Customer::id, limit, cursor));
    }

    @Override
    public Customer update(TenantRef tenant, String id, CustomerInput changes) {
        CustomerInput in = validate(changes, false);
        try {
            return db.inTenant(tenant, c -> {
                Customer before = find(c, tenant, id, true);
                if (before.status() == CustomerStatus.CLOSED) {
                    throw new ConflictException("Customer '" + id + "' is closed");
                }
                Customer after = new Customer(before.id(), or(in.name(), before.name()), or(in.email(), before.email()),
                        in.phone() != null ? in.phone() : before.phone(),
                        in.serviceAddress() != null ? in.serviceAddress() : before.serviceAddress(),
                        in.status() != null ? CustomerStatus.valueOf(in.status()) : before.status(), before.createdAt());
                write(c, tenant, after);
                return after;
            });
        } catch (DataAccessException e) {
            if (e.uniqueViolation()) {
                throw emailTaken(in.email());
            }
            throw e;
        }
    }

    private static String or(String value, String otherwise) {
        return value != null ? value : otherwise;
    }

    private void write(Connection c, TenantRef tenant, Customer after) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_customer SET name = ?, email = ?, email_key = ?, "
                + "phone = ?, service_address = ?, status = ?, updated_at = ? WHERE tenant_id = ? AND id = ?")) {
            s.setString(1, after.name());
            s.setString(2, after.email());
            s.setString(3, after.email().toLowerCase(Locale.ROOT));
            s.setString(4, after.phone());
            s.setString(5, after.serviceAddress());
            s.setString(6, after.status().name());
            s.setTimestamp(7, Timestamp.from(clock.instant()));
            s.setString(8, tenant.id());
            s.setString(9, after.id());
            s.executeUpdate();
        }
    }

    @Override
    public Customer close(TenantRef tenant, String id) {
        return db.inTenant(tenant, c -> {
            Customer before = find(c, tenant, id, true);
            if (before.status() == CustomerStatus.CLOSED) {
                return before;
            }
            for (CustomerGuard guard : guards) {
                guard.beforeClose(tenant, id);
            }
            Customer closed = new Customer(before.id(), before.name(), before.email(), before.phone(),
                    before.serviceAddress(), CustomerStatus.CLOSED, before.createdAt());
            write(c, tenant, closed);
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_customer SET closed_at = updated_at "
                    + "WHERE tenant_id = ? AND id = ?")) {
                s.setString(1, tenant.id());
                s.setString(2, id);
                s.executeUpdate();
            }
            limits.release(tenant, LimitService.CUSTOMERS);
            return closed;
        });
    }

    // ---- tags

    static final int MAX_TAGS = 50;
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,49}");

    /** The tag, or a 422 naming {@code tag}. */
    static String checkTag(String tag) {
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new ValidationException("tag", "must be 1 to 50 lower-case letters, digits, - and _, starting with "
                    + "a letter or digit, such as vip or late-payer");
        }
        return tag;
    }

    @Override
    public List<String> tags(TenantRef tenant, String id) {
        return db.inTenant(tenant, c -> {
            find(c, tenant, id, false);
            return tags(c, tenant, id);
        });
    }

    private static List<String> tags(Connection c, TenantRef tenant, String id) throws SQLException {
        List<String> tags = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT tag FROM dotmac_customer_tag WHERE tenant_id = ? "
                + "AND customer_id = ? ORDER BY tag")) {
            s.setString(1, tenant.id());
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    tags.add(rs.getString(1));
                }
            }
        }
        return tags;
    }

    @Override
    public boolean tag(TenantRef tenant, String id, String tag) {
        String t = checkTag(tag);
        return db.inTenant(tenant, c -> {
            if (find(c, tenant, id, true).status() == CustomerStatus.CLOSED) {
                throw new ConflictException("Customer '" + id + "' is closed");
            }
            List<String> tags = tags(c, tenant, id);
            if (tags.contains(t)) {
                return false;
            }
            if (tags.size() >= MAX_TAGS) {
                throw new ValidationException("tag", "a customer has at most " + MAX_TAGS + " tags");
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_customer_tag (customer_id, tag, "
                    + "tenant_id, created_at) VALUES (?, ?, ?, ?)")) {
                s.setString(1, id);
                s.setString(2, t);
                s.setString(3, tenant.id());
                s.setTimestamp(4, Timestamp.from(clock.instant()));
                s.executeUpdate();
            }
            events.publish(tenant, CustomerEvents.CUSTOMER_TAGGED, Map.of(CustomerEvents.CUSTOMER_ID, id,
                    CustomerEvents.TAG, t, CustomerEvents.CHANGE, "ADDED"));
            return true;
        });
    }

    @Override
    public boolean untag(TenantRef tenant, String id, String tag) {
        String t = checkTag(tag);
        return db.inTenant(tenant, c -> {
            find(c, tenant, id, true);
            try (PreparedStatement s = c.prepareStatement("DELETE FROM dotmac_customer_tag WHERE tenant_id = ? "
                    + "AND customer_id = ? AND tag = ?")) {
                s.setString(1, tenant.id());
                s.setString(2, id);
                s.setString(3, t);
                if (s.executeUpdate() == 0) {
                    return false;
                }
            }
            events.publish(tenant, CustomerEvents.CUSTOMER_TAGGED, Map.of(CustomerEvents.CUSTOMER_ID, id,
                    CustomerEvents.TAG, t, CustomerEvents.CHANGE, "REMOVED"));
            return true;
        });
    }
}
