package io.dotmac.radius.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.billing.basic.Plan;
import io.dotmac.billing.basic.PlanService;
import io.dotmac.billing.basic.Subscription;
import io.dotmac.billing.basic.SubscriptionService;
import io.dotmac.billing.basic.SubscriptionStatus;
import io.dotmac.persistence.DataAccessException;
import io.dotmac.persistence.Database;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.ValidationException;

/**
 * The rules of radius_aaa: accounts (one per subscription, following its status and plan), NASes, the tenant's
 * settings, and what accounting says of an account. Every call is scoped to {@code tenant}.
 */
@Component(service = RadiusAccounts.class)
public class RadiusAccounts {

    static final String PLUGIN = "radius_aaa";
    static final int MAX_USAGE_DAYS = 366;

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{12}");
    private static final Pattern PASSWORD = Pattern.compile("[\\x21-\\x7e]{8,128}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final SubscriptionService subscriptions;
    private final PlanService plans;
    private final SessionControl sessions;
    private final Clock clock;

    @Activate
    public RadiusAccounts(@Reference Database db, @Reference SubscriptionService subscriptions,
            @Reference PlanService plans, @Reference SessionControl sessions,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=radius_aaa)") MigratedSchema schema) {
        this.db = db;
        this.subscriptions = subscriptions;
        this.plans = plans;
        this.sessions = sessions;
        this.clock = Clock.systemUTC();
    }

    // ---- accounts ----

    public RadiusAccount create(TenantRef tenant, RadiusAccount.Input in) {
        List<FieldError> errors = new ArrayList<>();
        String kind = in.kind() == null ? "PPPOE" : in.kind();
        if (!kind.equals("PPPOE") && !kind.equals("MAC")) {
            errors.add(new FieldError("kind", "must be PPPOE or MAC"));
        }
        String username = null;
        String login = null;
        if (kind.equals("PPPOE")) {
            if (in.username() == null || !USERNAME.matcher(in.username()).matches()) {
                errors.add(new FieldError("username", "must be 1-64 lower-case letters, digits, '.', '_' or '-', "
                        + "starting with a letter or digit"));
            } else {
                username = in.username();
                login = username + "@" + tenant.slug();
            }
            if (in.macAddress() != null) {
                errors.add(new FieldError("macAddress", "is for kind MAC"));
            }
        } else if (kind.equals("MAC")) {
            String mac = mac(in.macAddress());
            if (mac == null) {
                errors.add(new FieldError("macAddress", "must be a MAC address such as aa:bb:cc:dd:ee:ff"));
            } else {
                username = mac;
                login = mac;
            }
            if (in.username() != null) {
                errors.add(new FieldError("username", "is for kind PPPOE (a MAC binding logs in as its address)"));
            }
        }
        String password = in.password();
        if (password != null && !PASSWORD.matcher(password).matches()) {
            errors.add(new FieldError("password", "must be 8-128 printable characters without spaces"));
        }
        checkVlan(in.vlan(), errors);
        if (in.subscriptionId() == null || in.subscriptionId().isBlank()) {
            errors.add(new FieldError("subscriptionId", "is required"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Subscription subscription;
        try {
            subscription = subscriptions.get(tenant, in.subscriptionId());
        } catch (NotFoundException e) {
            throw new ValidationException("subscriptionId", "is not a subscription of this tenant");
        }
        if (subscription.status() == SubscriptionStatus.CANCELLED) {
            throw new ValidationException("subscriptionId", "is cancelled");
        }
        Plan plan = plans.get(tenant, subscription.planId());
        if (password == null) {
            password = kind.equals("MAC") ? login : generatedPassword();
        }
        RadiusAccount account = new RadiusAccount(Ids.next(), subscription.id(), subscription.customerId(), kind,
                username, login, password, in.vlan() == null || in.vlan() == 0 ? null : in.vlan(),
                subscription.status().name(), plan.id(), plan.downloadMbps(), plan.uploadMbps(), now());
        try {
            db.inTenant(tenant, c -> {
                if (RadiusStore.accountOfSubscription(c, tenant, subscription.id()).isPresent()) {
                    throw new ConflictException("Subscription '" + subscription.id() + "' already has an account");
                }
                RadiusStore.insert(c, tenant, account);
                return null;
            });
        } catch (DataAccessException e) {
            if (e.uniqueViolation()) {
                throw new ConflictException("The login '" + account.login() + "' is taken");
            }
            throw e;
        }
        return account;
    }

    public RadiusAccount account(TenantRef tenant, String id) {
        return db.inTenant(tenant, c -> RadiusStore.account(c, tenant, id)).orElseThrow(() -> notFound(id));
    }

    public Page<RadiusAccount> accounts(TenantRef tenant, String subscriptionId, int limit, String cursor) {
        return db.inTenant(tenant, c -> RadiusStore.accounts(c, tenant, subscriptionId, limit, cursor));
    }

    public RadiusAccount change(TenantRef tenant, String id, RadiusAccount.Changes changes) {
        List<FieldError> errors = new ArrayList<>();
        if (changes.password() != null && !PASSWORD.matcher(changes.password()).matches()) {
            errors.add(new FieldError("password", "must be 8-128 printable characters without spaces"));
        }
        checkVlan(changes.vlan(), errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return db.inTenant(tenant, c -> {
            RadiusAccount a = RadiusStore.account(c, tenant, id).orElseThrow(() -> notFound(id));
            String password = changes.password() != null ? changes.password() : a.password();
            Integer vlan = changes.vlan() == null ? a.vlan() : changes.vlan() == 0 ? null : changes.vlan();
            RadiusStore.change(c, tenant, id, password, vlan, now());
            return RadiusStore.account(c, tenant, id).orElseThrow();
        });
    }

    /** Deletes the account; once that has committed, its open sessions are disconnected (reason DELETED). */
    public void delete(TenantRef tenant, String id) {
        db.inTenant(tenant, c -> {
            RadiusAccount a = RadiusStore.account(c, tenant, id).orElseThrow(() -> notFound(id));
            RadiusStore.deleteAccount(c, tenant, id);
            db.afterCommit(() -> sessions.disconnectLater(tenant, a, "DELETED"));
            return null;
        });
    }

    /**
     * Makes the account of {@code subscriptionId} (if any) follow its subscription's {@code status} and plan, in the
     * caller's transaction.
     */
    void follow(TenantRef tenant, String subscriptionId, String status, String planId) {
        Plan plan = plans.get(tenant, planId);
        db.inTenant(tenant, c -> {
            RadiusStore.follow(c, tenant, subscriptionId, status, planId, plan.downloadMbps(), plan.uploadMbps(),
                    now());
            return null;
        });
    }

    /** Gives every account of {@code planId} the plan's new speeds, in the caller's transaction. */
    void planRates(TenantRef tenant, String planId, int downloadMbps, int uploadMbps) {
        db.inTenant(tenant, c -> {
            RadiusStore.planRates(c, tenant, planId, downloadMbps, uploadMbps, now());
            return null;
        });
    }

    /**
     * Switches the tenant on for FreeRADIUS and brings every account up to its subscription and plan (changes
     * made while the tenant did not have the plugin were not heard).
     */
    void activate(TenantRef tenant) {
        db.inTenant(tenant, c -> {
            RadiusStore.enable(c, tenant, true, now());
            return null;
        });
        String cursor = null;
        do {
            Page<RadiusAccount> page = accounts(tenant, null, Page.MAX_LIMIT, cursor);
            for (RadiusAccount a : page.items()) {
                try {
                    Subscription s = subscriptions.get(tenant, a.subscriptionId());
                    if (!s.status().name().equals(a.status()) || !s.planId().equals(a.planId())) {
                        follow(tenant, s.id(), s.status().name(), s.planId());
                    }
                } catch (NotFoundException gone) {
                    follow(tenant, a.subscriptionId(), "CANCELLED", a.planId());
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
    }

    /** Switches the tenant off for FreeRADIUS: its subscribers are refused, its NASes no longer clients. */
    void deactivate(TenantRef tenant) {
        db.inTenant(tenant, c -> {
            RadiusStore.enable(c, tenant, false, now());
            return null;
        });
    }

    // ---- settings ----

    public RadiusSettings settings(TenantRef tenant) {
        return db.inTenant(tenant, c -> RadiusStore.settings(c, tenant))
                .orElse(new RadiusSettings("REJECT", null));
    }

    public RadiusSettings saveSettings(TenantRef tenant, RadiusSettings in) {
        List<FieldError> errors = new ArrayList<>();
        if (!"REJECT".equals(in.suspendedAction()) && !"WALLED_GARDEN".equals(in.suspendedAction())) {
            errors.add(new FieldError("suspendedAction", "must be REJECT or WALLED_GARDEN"));
        }
        if (in.walledGardenPool() != null && !NAME.matcher(in.walledGardenPool()).matches()) {
            errors.add(new FieldError("walledGardenPool", "must be 1-64 letters, digits, '.', '_' or '-'"));
        }
        if ("WALLED_GARDEN".equals(in.suspendedAction()) && in.walledGardenPool() == null) {
            errors.add(new FieldError("walledGardenPool", "is required for WALLED_GARDEN"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return db.inTenant(tenant, c -> {
            if (RadiusStore.settings(c, tenant).isEmpty()) {
                RadiusStore.enable(c, tenant, true, now());
            }
            RadiusStore.saveSettings(c, tenant, in, now());
            return in;
        });
    }

    // ---- NASes ----

    public Nas createNas(TenantRef tenant, Nas.Input in) {
        List<FieldError> errors = new ArrayList<>();
        if (in.name() == null || !NAME.matcher(in.name()).matches()) {
            errors.add(new FieldError("name", "must be 1-64 letters, digits, '.', '_' or '-'"));
        }
        if (in.address() == null || !IPV4.matcher(in.address()).matches()) {
            errors.add(new FieldError("address", "must be the NAS's IPv4 address (the source of its requests)"));
        }
        if (in.secret() == null || in.secret().length() < 8 || in.secret().length() > 128
                || !PASSWORD.matcher(in.secret()).matches()) {
            errors.add(new FieldError("secret", "must be 8-128 printable characters without spaces"));
        }
        String type = in.type() == null ? "other" : in.type();
        if (!NAME.matcher(type).matches()) {
            errors.add(new FieldError("type", "must be 1-64 letters, digits, '.', '_' or '-'"));
        }
        int port = in.coaPort() == null ? 3799 : in.coaPort();
        if (port < 1 || port > 65535) {
            errors.add(new FieldError("coaPort", "must be a UDP port (1-65535)"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Nas nas = new Nas(Ids.next(), in.name(), in.address(), type, port, now());
        try {
            db.inTenant(tenant, c -> {
                RadiusStore.insert(c, tenant, nas, in.secret());
                return null;
            });
        } catch (DataAccessException e) {
            if (e.uniqueViolation()) {
                throw new ConflictException("A NAS at " + in.address() + " is already registered");
            }
            throw e;
        }
        return nas;
    }

    public Page<Nas> nases(TenantRef tenant, int limit, String cursor) {
        return db.inTenant(tenant, c -> RadiusStore.nases(c, tenant, limit, cursor));
    }

    public Nas nas(TenantRef tenant, String id) {
        return db.inTenant(tenant, c -> RadiusStore.nas(c, tenant, id))
                .orElseThrow(() -> new NotFoundException("NAS '" + id + "' not found"));
    }

    public void deleteNas(TenantRef tenant, String id) {
        if (!db.inTenant(tenant, c -> RadiusStore.deleteNas(c, tenant, id))) {
            throw new NotFoundException("NAS '" + id + "' not found");
        }
    }

    // ---- accounting ----

    public List<Session> sessions(TenantRef tenant, String id, String from, String to) {
        Instant[] range = range(from, to);
        return db.inTenant(tenant, c -> {
            RadiusAccount a = RadiusStore.account(c, tenant, id).orElseThrow(() -> notFound(id));
            return RadiusStore.sessions(c, tenant, a.login(), range[0], range[1], 1000);
        });
    }

    /** Per day (UTC) of [{@code from}, {@code to}] (default: the last 30 days), the sessions started that day. */
    public List<UsageDay> usage(TenantRef tenant, String id, String from, String to) {
        Instant[] range = range(from, to);
        List<Session> sessions = db.inTenant(tenant, c -> {
            RadiusAccount a = RadiusStore.account(c, tenant, id).orElseThrow(() -> notFound(id));
            return RadiusStore.sessions(c, tenant, a.login(), range[0], range[1], 100_000);
        });
        Map<LocalDate, long[]> days = new TreeMap<>();
        for (Session s : sessions) {
            long[] d = days.computeIfAbsent(LocalDate.ofInstant(s.startedAt(), ZoneOffset.UTC), k -> new long[4]);
            d[0]++;
            d[1] += s.seconds();
            d[2] += s.inputOctets();
            d[3] += s.outputOctets();
        }
        List<UsageDay> out = new ArrayList<>();
        days.forEach((day, d) -> out.add(new UsageDay(day, (int) d[0], d[1], d[2], d[3])));
        return out;
    }

    public Page<CoaRequest> requests(TenantRef tenant, String subscriptionId, int limit, String cursor) {
        return db.inTenant(tenant, c -> RadiusStore.requests(c, tenant, subscriptionId, limit, cursor));
    }

    /** [from 00:00, to + 1 day 00:00) in UTC from two ISO dates; the last 30 days by default. */
    private Instant[] range(String from, String to) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate today = LocalDate.ofInstant(now(), ZoneOffset.UTC);
        LocalDate end = date(to, "to", errors, today);
        LocalDate start = date(from, "from", errors, (end == null ? today : end).minusDays(29));
        if (errors.isEmpty() && start.isAfter(end)) {
            errors.add(new FieldError("from", "must not be after to"));
        } else if (errors.isEmpty() && start.plusDays(MAX_USAGE_DAYS).isBefore(end)) {
            errors.add(new FieldError("from", "must be at most " + MAX_USAGE_DAYS + " days before to"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new Instant[] {start.atStartOfDay(ZoneOffset.UTC).toInstant(),
                end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()};
    }

    private static LocalDate date(String value, String field, List<FieldError> errors, LocalDate otherwise) {
        if (value == null) {
            return otherwise;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a date (yyyy-MM-dd)"));
            return null;
        }
    }

    // ---- helpers ----

    /** A MAC address in lower-case colon form, from colon, dash, dot or bare hex notation; null if it is not one. */
    static String mac(String value) {
        if (value == null) {
            return null;
        }
        String hex = value.toLowerCase(Locale.ROOT).replaceAll("[:.-]", "");
        if (!MAC.matcher(hex).matches()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 12; i += 2) {
            b.append(i == 0 ? "" : ":").append(hex, i, i + 2);
        }
        return b.toString();
    }

    private static void checkVlan(Integer vlan, List<FieldError> errors) {
        if (vlan != null && (vlan < 0 || vlan > 4094)) {
            errors.add(new FieldError("vlan", "must be 1-4094 (0 for none)"));
        }
    }

    private static String generatedPassword() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("RADIUS account '" + id + "' not found");
    }

    private Instant now() {
        return clock.instant();
    }
}
