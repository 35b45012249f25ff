package io.dotmac.security.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.persistence.ClusterChanges;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.persistence.platform.SystemDatabase;
import io.dotmac.platform.api.AccessDeniedException;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.NotAuthenticatedException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.Role;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TooManyRequestsException;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.security.TenantUser;
import io.dotmac.security.UserService;
import io.dotmac.tenant.NewTenant.NewAdmin;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantAdminProvisioner;
import io.dotmac.tenant.TenantService;

/**
 * Users, logins and tokens. On its first start it creates the platform operator {@code admin} with the password
 * in {@code etc/admin.password} when that file was written before (as the management platform does for a child
 * instance), else the one from {@code DOTMAC_ADMIN_PASSWORD}, else a generated one written owner-only to
 * {@code etc/admin.password}; there is no built-in password.
 */
@Component(service = { Authentication.class, TenantAdminProvisioner.class, UserService.class,
    SecurityService.class }, configurationPid = SecurityService.PID)
@Designate(ocd = SecurityService.Config.class)
public class SecurityService implements Authentication, TenantAdminProvisioner, UserService {

    /** The kind of {@link ClusterChanges} told when a user's tokens stop working (deactivated, role changed). */
    static final String USER_CHANGED = "user-tokens";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ClusterChanges changes;

    static final String PID = "io.dotmac.security";
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD_ENV = "DOTMAC_ADMIN_PASSWORD";
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{3,64}");
    static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    static final int MIN_PASSWORD = 10;
    static final int MAX_PASSWORD = 128;

    @ObjectClassDefinition(name = "DotMac security", description = "Logins and access tokens.")
    public @interface Config {
        @AttributeDefinition(description = "Lifetime of an access token, in minutes.")
        int tokenTtlMinutes() default 60;

        @AttributeDefinition(description = "Token issuer (the iss claim).")
        String issuer() default "dotmac";

        @AttributeDefinition(description = "File holding the token signing key (base64, created owner-only on "
                + "first start). Relative paths are under karaf.etc. Every node of a cluster needs the same key.")
        String keyFile() default "dotmac-token.key";

        @AttributeDefinition(description = "Where the generated password of the first operator 'admin' is "
                + "written when DOTMAC_ADMIN_PASSWORD is not set. Relative paths are under karaf.etc.")
        String adminPasswordFile() default "admin.password";

        @AttributeDefinition(description = "Failed logins of one account from one client address before each "
                + "further one doubles the wait (1 s, 2 s, 4 s, ...)")
        int loginFailuresPerAccountAndAddress() default 5;

        @AttributeDefinition(description = "Failed logins from one client address, whatever the accounts, before "
                + "waits begin (behind a reverse proxy every client shares the proxy's address)")
        int loginFailuresPerAddress() default 100;

        @AttributeDefinition(description = "Failed logins of one account, whatever the addresses, before waits "
                + "begin (capped at loginAccountMaxWaitSeconds: never a lock-out)")
        int loginFailuresPerAccount() default 50;

        @AttributeDefinition(description = "Longest wait after failed logins, in seconds")
        long loginMaxWaitSeconds() default 300;

        @AttributeDefinition(description = "Longest wait failures from other addresses can impose on an account, "
                + "in seconds")
        long loginAccountMaxWaitSeconds() default 60;

        @AttributeDefinition(description = "Password checks computed at once (each Argon2 check takes memory and "
                + "CPU); 0: one per processor")
        int concurrentPasswordHashes() default 0;

        @AttributeDefinition(description = "How long a login waits for a password check slot before 503, in "
                + "milliseconds")
        long passwordHashWaitMillis() default 5000;

        @AttributeDefinition(description = "Argon2id memory of new password hashes, KiB (stored hashes keep their "
                + "own); below OWASP's 19456 only for tests")
        int passwordHashMemoryKib() default 19456;

        @AttributeDefinition(description = "Argon2id iterations of new password hashes; below OWASP's 2 only for "
                + "tests")
        int passwordHashIterations() default 2;
    }

    private static final Logger LOG = LoggerFactory.getLogger(SecurityService.class);

    private final UserStore users;
    private final TenantService tenants;
    private final PasswordHashing hashing;
    private final JwtCodec jwt;
    private final VerifiedTokens verified;
    private final Duration ttl;
    private final Clock clock;
    private final TokenRevocations revocations = new TokenRevocations();
    private final UserDirectory directory;
    private final LoginThrottle throttle;
    /** Password checks running at once, bounded: 2,000 concurrent logins once grew the heap by 1.5 GB. */
    private final Semaphore hashes;
    private final long hashWaitMillis;

    @Activate
    public SecurityService(@Reference SystemDatabase db,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=security)") MigratedSchema schema,
            @Reference TenantService tenants, Config config) {
        this(db, new UserStore(db), tenants, hashing(config), config, Clock.systemUTC(),
                System.getenv(ADMIN_PASSWORD_ENV), etc());
    }

    /** New hashes' Argon2id cost: OWASP's minimum unless configured (lower is logged: tests only). */
    static PasswordHashing hashing(Config config) {
        PasswordHashing h = new PasswordHashing(config.passwordHashMemoryKib(), config.passwordHashIterations(), 1);
        if (config.passwordHashMemoryKib() < 19456 || config.passwordHashIterations() < 2) {
            LOG.warn("New password hashes are Argon2id m={} KiB, t={}: below OWASP's minimum (19456 KiB, 2): "
                    + "for tests only", config.passwordHashMemoryKib(), config.passwordHashIterations());
        }
        return h;
    }

    SecurityService(SystemDatabase db, UserStore users, TenantService tenants, PasswordHashing hashing, Config config,
            Clock clock, String adminPasswordFromEnv, Path etc) {
        this.users = users;
        this.tenants = tenants;
        this.hashing = hashing;
        this.clock = clock;
        this.ttl = Duration.ofMinutes(Math.max(1, config.tokenTtlMinutes()));
        this.throttle = new LoginThrottle(new LoginThrottle.Limits(Math.max(1,
                config.loginFailuresPerAccountAndAddress()), Math.max(1, config.loginFailuresPerAddress()),
                Math.max(1, config.loginFailuresPerAccount()), Math.max(1, config.loginMaxWaitSeconds()),
                Math.max(1, config.loginAccountMaxWaitSeconds()), LoginThrottle.Limits.DEFAULTS.forgetSeconds(),
                LoginThrottle.Limits.DEFAULTS.maxKeys()));
        int slots = config.concurrentPasswordHashes() > 0 ? config.concurrentPasswordHashes()
                : Runtime.getRuntime().availableProcessors();
        this.hashes = new Semaphore(slots, true);
        this.hashWaitMillis = Math.max(0, config.passwordHashWaitMillis());
        byte[] key = SecretFiles.loadOrCreateKey(etc.resolve(config.keyFile()), 32);
        Duration skew = Duration.ofSeconds(30);
        this.jwt = new JwtCodec(key, config.issuer(), clock, skew);
        this.verified = new VerifiedTokens(jwt::verify, clock, skew, 10_000);
        this.directory = new UserDirectory(db, users, hashing, revocations, clock);
        directory.loadRevocations();
        directory.onChange(userId -> {
            ClusterChanges c = changes;
            if (c != null) {
                c.changed(USER_CHANGED, userId);
            }
        });
        bootstrapAdmin(adminPasswordFromEnv, etc.resolve(config.adminPasswordFile()));
    }

    private static Path etc() {
        String etc = System.getProperty("karaf.etc");
        return Path.of(etc != null ? etc : "etc");
    }

    /** Creates the first operator when there is none. */
    private void bootstrapAdmin(String fromEnv, Path passwordFile) {
        if (users.anyOperator()) {
            return;
        }
        String password = fromEnv;
        String source = ADMIN_PASSWORD_ENV;
        boolean generated = false;
        String preset = presetPassword(passwordFile);
        if (preset != null) {
            // written before the first start (a child instance made by the management platform): it wins
            password = preset;
            source = passwordFile.toString();
        }
        if (password != null && passwordProblem(password) != null) {
            LOG.error("{} is set but unusable ({}); generating a password instead", source,
                    passwordProblem(password));
            password = null;
        }
        if (password == null) {
            password = SecretFiles.generatePassword(24);
            SecretFiles.writeOwnerOnly(passwordFile, password + "\n");
            generated = true;
        }
        if (users.createOperator(ADMIN, hashing.hash(password.toCharArray()), now())) {
            if (generated) {
                LOG.warn("Created platform operator '{}'; its generated password is in {} (readable by its owner "
                        + "only). Log in with it, then delete the file.", ADMIN, passwordFile.toAbsolutePath());
            } else {
                LOG.info("Created platform operator '{}' with the password from {}", ADMIN, source);
            }
        } else if (generated) {
            // another node created it meanwhile: our generated password is not the one stored
            deleteQuietly(passwordFile);
        }
    }

    /** The password a file written before the first start holds (its first line), or null. */
    static String presetPassword(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            String first = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            return first.isEmpty() ? null : first;
        } catch (java.io.IOException e) {
            LOG.warn("Could not read {}: {}", file, e.toString());
            return null;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            LOG.warn("Could not delete {}: {}", file, e.toString());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static String passwordProblem(String password) {
        if (password == null || password.isEmpty()) {
            return "is required";
        }
        if (password.length() < MIN_PASSWORD) {
            return "must be at least " + MIN_PASSWORD + " characters";
        }
        if (password.length() > MAX_PASSWORD) {
            return "must be at most " + MAX_PASSWORD + " characters";
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > 4 * MAX_PASSWORD) {
            return "is too long";
        }
        return null;
    }

    /** The errors of a new user's fields, named {@code prefix + "username"} and so on. */
    static List<FieldError> validateUser(String username, String email, String password, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        if (username == null || !USERNAME.matcher(username).matches()) {
            errors.add(new FieldError(prefix + "username", "must be 3 to 64 characters of letters, digits and ._@-"));
        }
        if (email == null || email.strip().length() > 254 || !EMAIL.matcher(email.strip()).matches()) {
            errors.add(new FieldError(prefix + "email", "must be an e-mail address"));
        }
        String problem = passwordProblem(password);
        if (problem != null) {
            errors.add(new FieldError(prefix + "password", problem));
        }
        return errors;
    }

    @Override
    public List<FieldError> validate(NewAdmin admin) {
        return validateUser(admin.username(), admin.email(), admin.password(), "admin.");
    }

    @Override
    public void createFirstAdmin(TenantRef tenant, NewAdmin admin) {
        users.createTenantUser(tenant, admin.username(), admin.email(), hashing.hash(admin.password().toCharArray()),
                Role.ISP_ADMIN, now());
    }

    @Override
    public IssuedToken login(String tenantSlug, String username, String password, String clientAddress) {
        NotAuthenticatedException refused = new NotAuthenticatedException("Invalid username or password");
        if (username == null || password == null || username.length() > 64 || password.length() > MAX_PASSWORD
                || (tenantSlug != null && tenantSlug.length() > 64)) {
            throw refused;
        }
        String account = LoginThrottle.account(tenantSlug, username);
        String address = clientAddress == null ? "" : clientAddress;
        long wait = throttle.waitSeconds(account, address, clock.millis());
        if (wait > 0) {
            throw new TooManyRequestsException("Too many failed logins; try again in " + wait + " s", wait);
        }
        Optional<UserStore.Account> found;
        Tenant tenant = null;
        if (tenantSlug == null) {
            found = users.operator(username);
        } else {
            tenant = tenants.find(tenantSlug).orElse(null);
            found = tenant == null ? Optional.empty() : users.tenantUser(tenant.ref(), username);
        }
        boolean matches = checkPassword(password, found.map(UserStore.Account::passwordHash).orElse(null));
        if (found.isEmpty() || !matches || !found.get().active()) {
            throttle.failed(account, address, clock.millis());
            throw refused;
        }
        throttle.succeeded(account, address);
        UserStore.Account a = found.get();
        if (tenant != null && tenant.suspended()) {
            throw new AccessDeniedException("suspended", "Tenant '" + tenant.slug() + "' is suspended");
        }
        if (hashing.needsRehash(a.passwordHash())) {
            users.rehash(a, tenant == null ? null : tenant.ref(), hashing.hash(password.toCharArray()));
        }
        String token = jwt.issue(a.id(), a.username(), a.role(), a.tenantId(), a.tokenVersion(), ttl);
        return new IssuedToken(token, ttl.toSeconds());
    }

    /**
     * Checks {@code password} against {@code hash} (against a dummy hash when there is no account, so an unknown
     * user takes as long as a wrong password), in one of the bounded password check slots.
     */
    private boolean checkPassword(String password, String hash) {
        boolean slot;
        try {
            slot = hashes.tryAcquire(hashWaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            slot = false;
        }
        if (!slot) {
            throw new UnavailableException("Too many logins at once; retry in a moment");
        }
        try {
            return hashing.verify(password.toCharArray(), hash == null ? hashing.dummyHash() : hash) && hash != null;
        } finally {
            hashes.release();
        }
    }

    @Override
    public TokenClaims verify(String token) {
        TokenClaims claims = verified.verify(token);
        if (revocations.revoked(claims)) {
            throw new NotAuthenticatedException("The token was revoked: the user's role or status changed; log in "
                    + "again");
        }
        return claims;
    }

    @Override
    public TenantUser create(TenantRef tenant, TenantUser.Input user) {
        return directory.create(tenant, user);
    }

    @Override
    public TenantUser get(TenantRef tenant, String id) {
        return directory.get(tenant, id);
    }

    @Override
    public Page<TenantUser> list(TenantRef tenant, String role, Boolean active, int limit, String cursor) {
        return directory.list(tenant, role, active, limit, cursor);
    }

    @Override
    public TenantUser update(TenantRef tenant, String id, TenantUser.Changes changes) {
        return directory.update(tenant, id, changes);
    }

    /** Another node changed a user: its revocation is read again. */
    void userChanged(String userId) {
        directory.reloadUser(userId);
    }

    /** Every revocation read again. */
    void reloadRevocations() {
        directory.reloadRevocations();
    }
}
