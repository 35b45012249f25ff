package io.dotmac.customer.portal.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.customers.Customer;
import io.dotmac.customers.CustomerService;
import io.dotmac.customers.CustomerStatus;
import io.dotmac.notifications.email.EmailEvent;
import io.dotmac.notifications.email.EmailNotifications;
import io.dotmac.persistence.Database;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.NotAuthenticatedException;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.platform.api.TooManyRequestsException;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantService;
import io.dotmac.tenant.TenantStatus;

/**
 * Subscribers' sign-in to the customer portal: a one-time link (valid {@code linkMinutes}, used once) e-mailed to the
 * customer's address through the tenant's {@code email_notifications}, or handed over by the ISP's staff; the link
 * opens a session of {@code sessionHours}. Tokens are 32 random bytes; only their SHA-256 is kept, with the tenant, and
 * a session token carries its tenant's id ({@code <tenant id>.<random>}), so every lookup is bound to the tenant.
 * Asking for a link answers the same whether the address is a customer's or not; it is limited per address and per
 * client ({@code linksPerAddress}, {@code linksPerClient} in 15 minutes, on this node).
 */
@Component(service = CustomerLogins.class, configurationPid = CustomerPortalConfig.PID)
@Designate(ocd = CustomerPortalConfig.class)
public class CustomerLogins {

    static final String CUSTOMERS = "customer_management";
    static final String EMAIL = "email_notifications";
    static final Duration WINDOW = Duration.ofMinutes(15);

    private static final Logger LOG = LoggerFactory.getLogger(CustomerLogins.class);
    private static final Pattern EMAIL_ADDRESS = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}");
    private static final Pattern RANDOM_PART = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern TENANT_ID = Pattern.compile("[0-9A-Za-z]{26}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final TenantService tenants;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Deque<Instant>> asked = new ConcurrentHashMap<>();
    private volatile CustomerPortalConfig config;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TenantServices licensing;

    @Activate
    public CustomerLogins(@Reference Database db, @Reference TenantService tenants,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=customer_portal)") MigratedSchema schema,
            CustomerPortalConfig config) {
        this.db = db;
        this.tenants = tenants;
        this.config = config;
    }

    @Modified
    void modified(CustomerPortalConfig changed) {
        this.config = changed;
    }

    /** A signed-in subscriber: the tenant and the customer every call of theirs is scoped to. */
    public record Subscriber(TenantRef tenant, String customerId) {
    }

    /** An open session: its bearer token and when it ends. */
    public record Session(String token, Instant expiresAt, String customerId, String name) {
    }

    /** A sign-in link made by staff: where the subscriber goes, and until when. */
    public record Link(String url, Instant expiresAt) {
    }

    TenantServices licensing() {
        TenantServices current = licensing;
        if (current == null) {
            throw new UnavailableException("licensing is down");
        }
        return current;
    }

    /** An active tenant by slug; 404 for none (a suspended one too: its subscribers cannot sign in). */
    TenantRef tenant(String slug) {
        if (slug == null || slug.isBlank() || slug.length() > 63) {
            throw new ValidationException("tenant", "is required: the ISP's short name");
        }
        return tenants.find(slug.strip().toLowerCase(Locale.ROOT)).filter(t -> t.status() == TenantStatus.ACTIVE)
                .map(Tenant::ref).orElseThrow(() -> new NotFoundException("No ISP '" + slug + "'"));
    }

    CustomerService customers(TenantRef tenant) {
        return licensing().service(tenant, CUSTOMERS, CustomerService.class)
                .orElseThrow(() -> new UnavailableException("customer management is not installed"));
    }

    /**
     * E-mails a sign-in link to {@code email} when it is the address of one of the tenant's customers that is not
     * closed, and the tenant sends e-mail; answers the same otherwise.
     *
     * @throws TooManyRequestsException when this address or this client asked too often
     */
    public void requestLink(String tenantSlug, String email, String client) {
        if (email == null || !EMAIL_ADDRESS.matcher(email.strip()).matches()) {
            throw new ValidationException(List.of(new FieldError("email", "must be an e-mail address")));
        }
        TenantRef tenant = tenant(tenantSlug);
        String address = email.strip().toLowerCase(Locale.ROOT);
        limit("address:" + tenant.id() + ":" + address, config.linksPerAddress());
        limit("client:" + client, config.linksPerClient());
        Optional<Customer> customer = customers(tenant).list(tenant, null, address, 20, null).items().stream()
                .filter(c -> c.email() != null && c.email().equalsIgnoreCase(address))
                .filter(c -> c.status() != CustomerStatus.CLOSED).findFirst();
        if (customer.isEmpty()) {
            LOG.debug("No sign-in link: tenant {} has no open customer {}", tenant.slug(), address);
            return;
        }
        Optional<EmailNotifications> mail;
        try {
            mail = licensing().service(tenant, EMAIL, EmailNotifications.class);
        } catch (DotMacException notEntitled) {
            mail = Optional.empty();
        }
        if (mail.isEmpty()) {
            LOG.info("Tenant {} sends no e-mail: customer {} gets no sign-in link (staff can make one)",
                    tenant.slug(), customer.get().id());
            return;
        }
        EmailNotifications sender = mail.get();
        Link link;
        try {
            link = db.inTenant(tenant, c -> {
            Link made = insertLink(c, tenant, customer.get().id(), "EMAIL");
            sender.queue(tenant, EmailEvent.CUSTOMER_SIGN_IN, List.of(customer.get().email()), Map.of(
                    "signInUrl", made.url(), "expiresAt", made.expiresAt().toString(), "customerName",
                    customer.get().name()), List.of());
            return made;
        });
        } catch (ValidationException unsendable) { // the customer's own address is not one the outbox takes
            LOG.info("No sign-in link for customer {} of tenant {}: {}", customer.get().id(), tenant.slug(),
                    unsendable.getMessage());
            return;
        }
        LOG.debug("Sign-in link for customer {} of tenant {} until {}", customer.get().id(), tenant.slug(),
                link.expiresAt());
    }

    /** A sign-in link for one of the tenant's customers, made by its staff to hand over (any tier, no e-mail). */
    public Link staffLink(TenantRef tenant, String customerId) {
        if (customerId == null || customerId.isBlank()) {
            throw new ValidationException("customerId", "is required");
        }
        Customer customer;
        try {
            customer = customers(tenant).get(tenant, customerId);
        } catch (NotFoundException e) {
            throw new ValidationException("customerId", "is not a customer of this tenant");
        }
        if (customer.status() == CustomerStatus.CLOSED) {
            throw new ValidationException("customerId", "is closed");
        }
        return db.inTenant(tenant, c -> insertLink(c, tenant, customerId, "STAFF"));
    }

    private Link insertLink(java.sql.Connection c, TenantRef tenant, String customerId, String via)
            throws java.sql.SQLException {
        String token = random();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant expires = now.plus(Duration.ofMinutes(Math.max(1, config.linkMinutes())));
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_customer_login (id, tenant_id, customer_id, "
                + "token_hash, via, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, Ids.next());
            s.setString(2, tenant.id());
            s.setString(3, customerId);
            s.setString(4, hash(token));
            s.setString(5, via);
            s.setTimestamp(6, Timestamp.from(now));
            s.setTimestamp(7, Timestamp.from(expires));
            s.executeUpdate();
        }
        String base = config.publicUrl().replaceAll("/+$", "");
        return new Link(base + "/customer/?tenant=" + tenant.slug() + "#signin=" + token, expires);
    }

    /** Opens a session with a sign-in link's token: once, before it expires, for a customer still open. */
    public Session signIn(String tenantSlug, String token) {
        TenantRef tenant = tenant(tenantSlug);
        if (token == null || !RANDOM_PART.matcher(token).matches()) {
            throw new NotAuthenticatedException("This sign-in link is not valid; ask for a new one");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String customerId = db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_customer_login SET used_at = ? "
                    + "WHERE tenant_id = ? AND token_hash = ? AND used_at IS NULL AND expires_at > ?")) {
                s.setTimestamp(1, Timestamp.from(now));
                s.setString(2, tenant.id());
                s.setString(3, hash(token));
                s.setTimestamp(4, Timestamp.from(now));
                if (s.executeUpdate() != 1) {
                    return null;
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT customer_id FROM dotmac_customer_login "
                    + "WHERE tenant_id = ? AND token_hash = ?")) {
                s.setString(1, tenant.id());
                s.setString(2, hash(token));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
        if (customerId == null) {
            throw new NotAuthenticatedException("This sign-in link was used already or has expired; ask for a new one");
        }
        Customer customer = customers(tenant).get(tenant, customerId);
        if (customer.status() == CustomerStatus.CLOSED) {
            throw new NotAuthenticatedException("This account is closed");
        }
        String secret = random();
        Instant expires = now.plus(Duration.ofHours(Math.max(1, config.sessionHours())));
        db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM dotmac_customer_session WHERE tenant_id = ? "
                    + "AND expires_at < ?")) {
                s.setString(1, tenant.id());
                s.setTimestamp(2, Timestamp.from(now));
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_customer_session (token_hash, tenant_id, "
                    + "customer_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
                s.setString(1, hash(secret));
                s.setString(2, tenant.id());
                s.setString(3, customerId);
                s.setTimestamp(4, Timestamp.from(now));
                s.setTimestamp(5, Timestamp.from(expires));
                s.executeUpdate();
            }
            return null;
        });
        return new Session(tenant.id() + "." + secret, expires, customerId, customer.name());
    }

    /**
     * The subscriber of a session's bearer token ({@code Authorization: Bearer <tenant id>.<random>}).
     *
     * @throws NotAuthenticatedException for no token, an unknown or expired one, or a tenant no longer active
     */
    public Subscriber subscriber(String authorization) {
        String[] parts = parse(authorization);
        TenantRef tenant = tenants.find(parts[0]).filter(t -> t.id().equals(parts[0]))
                .filter(t -> t.status() == TenantStatus.ACTIVE).map(Tenant::ref)
                .orElseThrow(() -> new NotAuthenticatedException("Sign in again"));
        Instant now = clock.instant();
        String customerId = db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT customer_id FROM dotmac_customer_session "
                    + "WHERE tenant_id = ? AND token_hash = ? AND expires_at > ?")) {
                s.setString(1, tenant.id());
                s.setString(2, hash(parts[1]));
                s.setTimestamp(3, Timestamp.from(now));
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
        if (customerId == null) {
            throw new NotAuthenticatedException("Your session has ended; sign in again");
        }
        return new Subscriber(tenant, customerId);
    }

    /** Ends the session of {@code authorization}. */
    public void signOut(String authorization) {
        Subscriber who = subscriber(authorization);
        String[] parts = parse(authorization);
        db.inTenant(who.tenant(), c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM dotmac_customer_session WHERE tenant_id = ? "
                    + "AND token_hash = ?")) {
                s.setString(1, who.tenant().id());
                s.setString(2, hash(parts[1]));
                return s.executeUpdate();
            }
        });
    }

    private static String[] parse(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new NotAuthenticatedException("Sign in first");
        }
        String token = authorization.substring("Bearer ".length()).strip();
        int dot = token.indexOf('.');
        if (dot != 26 || !TENANT_ID.matcher(token.substring(0, dot)).matches()
                || !RANDOM_PART.matcher(token.substring(dot + 1)).matches()) {
            throw new NotAuthenticatedException("Sign in again");
        }
        return new String[] { token.substring(0, dot), token.substring(dot + 1) };
    }

    /** Counts a request of {@code key}; more than {@code max} in the window → 429. */
    private void limit(String key, int max) {
        Instant now = clock.instant();
        Deque<Instant> times = asked.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(WINDOW))) {
                times.pollFirst();
            }
            if (times.size() >= max) {
                long wait = Math.max(1, Duration.between(now, times.peekFirst().plus(WINDOW)).toSeconds());
                throw new TooManyRequestsException("Too many sign-in links asked for; try again later", wait);
            }
            times.addLast(now);
        }
        if (asked.size() > 100_000) {
            asked.clear(); // a flood of distinct keys: forget rather than grow
        }
    }

    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(
                    StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
