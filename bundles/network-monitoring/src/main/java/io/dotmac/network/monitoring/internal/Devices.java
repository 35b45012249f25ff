package io.dotmac.network.monitoring.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import io.dotmac.customers.CustomerService;
import io.dotmac.network.monitoring.Device;
import io.dotmac.network.monitoring.DeviceInput;
import io.dotmac.network.monitoring.DeviceStatus;
import io.dotmac.network.monitoring.DeviceSummary;
import io.dotmac.network.monitoring.DiscoveredAgent;
import io.dotmac.network.monitoring.Discovery;
import io.dotmac.network.monitoring.DiscoveryRequest;
import io.dotmac.network.monitoring.InterfaceHistory;
import io.dotmac.network.monitoring.NetworkMonitoring;
import io.dotmac.network.monitoring.Outage;
import io.dotmac.persistence.ClusterChanges;
import io.dotmac.persistence.DataAccessException;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.snmp.AgentInfo;
import io.dotmac.snmp.AuthProtocol;
import io.dotmac.snmp.PrivProtocol;
import io.dotmac.snmp.SnmpClient;
import io.dotmac.snmp.SnmpTarget;
import io.dotmac.snmp.SnmpVersion;
import io.dotmac.snmp.UsmCredentials;

/** {@link NetworkMonitoring}: validation, the device store, and the poller kept in step with both. */
@Component(configurationPid = "io.dotmac.network.monitoring")
@Designate(ocd = MonitoringConfig.class)
public class Devices implements NetworkMonitoring {

    /** The kind of change told to every node: a tenant's devices (key: the tenant id) changed. */
    static final String DEVICES_CHANGED = "network-devices";

    /** Most points a history answer may hold. */
    static final int MAX_POINTS = 10_000;
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_.:-]{1,50}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7E]+");

    private final DeviceStore store;
    private final Poller poller;
    private final TenantServices licences;
    private final CustomerService customers;
    private volatile MonitoringConfig config;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ClusterChanges changes;

    /** Tells every node (this one too, once committed) that the tenant's devices changed. */
    private void tell(TenantRef tenant) {
        ClusterChanges c = changes;
        if (c != null) {
            c.changed(DEVICES_CHANGED, tenant.id());
        }
    }

    @Activate
    public Devices(@Reference DeviceStore store, @Reference Poller poller, @Reference TenantServices licences,
            @Reference CustomerService customers, MonitoringConfig config) {
        this.store = store;
        this.poller = poller;
        this.licences = licences;
        this.customers = customers;
        this.config = config;
    }

    @Modified
    void modified(MonitoringConfig config) {
        this.config = config;
    }

    // ---- devices

    @Override
    public Device create(TenantRef tenant, DeviceInput input) {
        licences.check(tenant, Poller.PLUGIN);
        Validated v = validate(tenant, input, null);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Device d = v.device(Ids.next(), now, now);
        String sealed = store.seal(v.secret());
        try {
            store.db().inTenant(tenant, c -> {
                DeviceStore.insert(c, tenant, d, sealed);
                tell(tenant);
                return null;
            });
        } catch (DataAccessException e) {
            throw duplicate(e, d.address(), d.port());
        }
        poller.upsert(tenant, new DeviceStore.Stored(d, v.secret()));
        return d;
    }

    @Override
    public Page<Device> list(TenantRef tenant, String site, String tag, int limit, String cursor) {
        licences.check(tenant, Poller.PLUGIN);
        return store.db().inTenant(tenant, c -> DeviceStore.list(c, tenant, site, tag, limit, cursor));
    }

    @Override
    public DeviceSummary summary(TenantRef tenant) {
        licences.check(tenant, Poller.PLUGIN);
        return store.db().inTenant(tenant, c -> DeviceStore.summary(c, tenant));
    }

    @Override
    public Device get(TenantRef tenant, String id) {
        licences.check(tenant, Poller.PLUGIN);
        return store.db().inTenant(tenant, c -> store.find(c, tenant, id, false).device());
    }

    @Override
    public Device update(TenantRef tenant, String id, DeviceInput input) {
        licences.check(tenant, Poller.PLUGIN);
        DeviceStore.Stored[] after = new DeviceStore.Stored[1];
        try {
            store.db().inTenant(tenant, c -> {
                DeviceStore.Stored before = store.find(c, tenant, id, true);
                Validated v = validate(tenant, input, before);
                Device d = v.device(id, before.device().createdAt(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
                DeviceStore.update(c, tenant, d, store.seal(v.secret()));
                after[0] = new DeviceStore.Stored(d, v.secret());
                tell(tenant);
                return null;
            });
        } catch (DataAccessException e) {
            throw duplicate(e, input.address(), input.port() == null ? 161 : input.port());
        }
        poller.upsert(tenant, after[0]);
        return after[0].device();
    }

    private static RuntimeException duplicate(DataAccessException e, String address, int port) {
        if (e.uniqueViolation()) {
            return new ConflictException("The tenant already monitors a device at " + address + " port " + port);
        }
        return e;
    }

    @Override
    public void delete(TenantRef tenant, String id) {
        licences.check(tenant, Poller.PLUGIN);
        store.db().inTenant(tenant, c -> {
            DeviceStore.delete(c, tenant, id);
            tell(tenant);
            return null;
        });
        poller.remove(id);
    }

    @Override
    public DeviceStatus status(TenantRef tenant, String id) {
        licences.check(tenant, Poller.PLUGIN);
        return store.db().inTenant(tenant, c -> DeviceStore.status(c, tenant, id));
    }

    @Override
    public List<Outage> outages(TenantRef tenant, String id, Instant from, Instant to) {
        licences.check(tenant, Poller.PLUGIN);
        if (from == null || to == null || !from.isBefore(to)) {
            throw new ValidationException("from", "must be before to");
        }
        return store.db().inTenant(tenant, c -> {
            store.find(c, tenant, id, false); // 404 when the tenant has no such device
            return DeviceStore.outages(c, tenant, id, from, to);
        });
    }

    @Override
    public InterfaceHistory history(TenantRef tenant, String id, int ifIndex, Instant from, Instant to,
            Long stepSeconds) {
        licences.check(tenant, Poller.PLUGIN);
        Instant end = to != null ? to : Instant.now();
        Instant start = from != null ? from : end.minus(Duration.ofHours(24));
        List<FieldError> errors = new ArrayList<>();
        if (!start.isBefore(end)) {
            errors.add(new FieldError("from", "must be before to"));
        }
        long range = Math.max(1, end.getEpochSecond() - start.getEpochSecond());
        long step = stepSeconds != null ? stepSeconds : Math.max(1, (range + 299) / 300);
        if (step < 1) {
            errors.add(new FieldError("step", "must be at least 1 second"));
        } else if (range / step > MAX_POINTS) {
            errors.add(new FieldError("step", "gives " + range / step + " points; at most " + MAX_POINTS
                    + " (a step of at least " + ((range + MAX_POINTS - 1) / MAX_POINTS) + " s)"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return store.db().inTenant(tenant, c -> {
            store.find(c, tenant, id, false);
            long first = Math.floorDiv(start.getEpochSecond(), step) * step;
            return new InterfaceHistory(id, ifIndex, start, end, step,
                    DeviceStore.history(c, tenant, id, ifIndex, first, end.getEpochSecond(), step));
        });
    }

    @Override
    public DeviceStatus pollNow(TenantRef tenant, String id) {
        licences.check(tenant, Poller.PLUGIN);
        Device d = get(tenant, id);
        CompletableFuture<Void> done = poller.pollSoon(tenant, id);
        if (done == null) {
            throw new UnavailableException("Device " + id + " is not being polled yet; try again shortly");
        }
        long wait = (long) d.timeoutMillis() * (d.retries() + 1) * 10 + 10_000;
        try {
            done.get(wait, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DotMacException x) {
                throw x;
            }
            throw new IllegalStateException("The poll could not be stored", e.getCause());
        } catch (TimeoutException e) {
            throw new UnavailableException("The poll did not end within " + wait + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("Interrupted");
        }
        return status(tenant, id);
    }

    // ---- discovery

    @Override
    public Discovery discover(TenantRef tenant, DiscoveryRequest request) {
        licences.check(tenant, Poller.PLUGIN);
        List<FieldError> errors = new ArrayList<>();
        if (request == null) {
            throw new ValidationException("cidr", "is required");
        }
        List<String> addresses = hosts(request.cidr(), errors);
        int port = port(request.port(), "port", errors);
        DiscoveryRequest.Credentials cr = request.credentials() != null ? request.credentials()
                : new DiscoveryRequest.Credentials(null, null, null, null, null, null);
        DeviceInput asDevice = new DeviceInput("discovery", "127.0.0.1", port, request.version(), cr.community(),
                cr.snmpUser(), cr.authProtocol(), cr.authPassphrase(), cr.privProtocol(), cr.privPassphrase(), null,
                null, null, null, null, null);
        Validated v = validateSnmp(asDevice, null, null, errors, "credentials.");
        int timeout = request.timeoutMillis() != null ? request.timeoutMillis() : config.discoveryTimeoutMillis();
        if (timeout < 100 || timeout > 10_000) {
            errors.add(new FieldError("timeoutMillis", "must be 100 to 10000"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        SnmpClient client = licences.service(tenant, Poller.SNMP_PLUGIN, SnmpClient.class)
                .orElseThrow(() -> new UnavailableException("The plugin snmp_integration is not installed"));
        long started = System.nanoTime();
        List<CompletableFuture<AgentInfo>> probes = new ArrayList<>(addresses.size());
        for (String a : addresses) {
            SnmpTarget t = v.target(a, port, timeout, 0);
            probes.add(client.probe(t).toCompletableFuture().exceptionally(e -> null));
        }
        CompletableFuture.allOf(probes.toArray(new CompletableFuture[0])).join();
        Map<String, String> known = store.db().inTenant(tenant, c -> DeviceStore.idsByAddress(c, tenant));
        List<DiscoveredAgent> found = new ArrayList<>();
        for (CompletableFuture<AgentInfo> p : probes) {
            AgentInfo a = p.join();
            if (a != null) {
                found.add(new DiscoveredAgent(a.host(), a.port(), a.sysName(), a.sysDescr(), a.sysObjectId(),
                        a.sysUpTime() < 0 ? null : a.sysUpTime() / 100, known.get(a.host())));
            }
        }
        return new Discovery(request.cidr(), addresses.size(), found,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** The addresses of an IPv4 CIDR of /24 or narrower (without network and broadcast addresses below /31). */
    static List<String> hosts(String cidr, List<FieldError> errors) {
        if (cidr == null || cidr.isBlank()) {
            errors.add(new FieldError("cidr", "is required"));
            return List.of();
        }
        String[] parts = cidr.strip().split("/", -1);
        int prefix;
        try {
            prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (parts.length > 2 || !IPV4.matcher(parts[0]).matches() || prefix < 0 || prefix > 32) {
            errors.add(new FieldError("cidr", "must be an IPv4 range as a.b.c.d/nn"));
            return List.of();
        }
        if (prefix < 24) {
            errors.add(new FieldError("cidr", "covers " + (1L << (32 - prefix)) + " addresses; at most a /24 (256)"));
            return List.of();
        }
        String[] octets = parts[0].split("\\.");
        long base = 0;
        for (String o : octets) {
            base = base << 8 | Integer.parseInt(o);
        }
        long size = 1L << (32 - prefix);
        base &= ~(size - 1);
        List<String> hosts = new ArrayList<>();
        for (long i = size > 2 ? 1 : 0; i < (size > 2 ? size - 1 : size); i++) {
            long a = base + i;
            hosts.add((a >> 24 & 255) + "." + (a >> 16 & 255) + "." + (a >> 8 & 255) + "." + (a & 255));
        }
        return hosts;
    }

    // ---- validation

    /** A validated device: its fields, and its secret (new, or kept from {@code before}). */
    record Validated(DeviceInput in, String address, int port, SnmpVersion version, String user,
            AuthProtocol auth, PrivProtocol priv, DeviceStore.Secret secret, int interval, int timeout, int retries,
            List<String> tags) {

        Device device(String id, Instant created, Instant updated) {
            return new Device(id, in.name().strip(), address, port, version.label(), user,
                    auth == null ? null : auth.name(), priv == null ? null : priv.name(), interval, timeout, retries,
                    blankToNull(in.site()), blankToNull(in.customerId()), tags, created, updated);
        }

        SnmpTarget target(String host, int port, int timeoutMillis, int retries) {
            if (version == SnmpVersion.V3) {
                return new SnmpTarget(host, port, version, null, new UsmCredentials(user, auth,
                        secret.authPassphrase(), priv, secret.privPassphrase()), timeoutMillis, retries);
            }
            return new SnmpTarget(host, port, version, secret.community(), null, timeoutMillis, retries);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    Validated validate(TenantRef tenant, DeviceInput in, DeviceStore.Stored before) {
        List<FieldError> errors = new ArrayList<>();
        if (in == null) {
            throw new ValidationException("name", "is required");
        }
        if (in.name() == null || in.name().isBlank()) {
            errors.add(new FieldError("name", "is required"));
        } else if (in.name().strip().length() > 200) {
            errors.add(new FieldError("name", "must be at most 200 characters"));
        }
        String address = address(in.address(), errors);
        Validated snmp = validateSnmp(in, address, before, errors, "");
        MonitoringConfig cfg = config;
        int interval = in.pollIntervalSeconds() != null ? in.pollIntervalSeconds()
                : cfg.defaultPollIntervalSeconds();
        if (interval < cfg.minPollIntervalSeconds() || interval > 86_400) {
            errors.add(new FieldError("pollIntervalSeconds", "must be " + cfg.minPollIntervalSeconds()
                    + " to 86400"));
        }
        int timeout = in.timeoutMillis() != null ? in.timeoutMillis() : cfg.defaultTimeoutMillis();
        if (timeout < 100 || timeout > 30_000) {
            errors.add(new FieldError("timeoutMillis", "must be 100 to 30000"));
        }
        int retries = in.retries() != null ? in.retries() : cfg.defaultRetries();
        if (retries < 0 || retries > 5) {
            errors.add(new FieldError("retries", "must be 0 to 5"));
        } else if (timeout >= 100 && (long) timeout * (retries + 1) > interval * 1000L) {
            errors.add(new FieldError("timeoutMillis", "timeoutMillis × (retries + 1) must fit in the poll interval"));
        }
        if (in.site() != null && in.site().strip().length() > 200) {
            errors.add(new FieldError("site", "must be at most 200 characters"));
        }
        List<String> tags = new ArrayList<>();
        if (in.tags() != null) {
            if (in.tags().size() > 20) {
                errors.add(new FieldError("tags", "at most 20"));
            }
            for (String t : new LinkedHashSet<>(in.tags())) {
                if (t == null || !TAG.matcher(t).matches()) {
                    errors.add(new FieldError("tags", "each tag is 1-50 letters, digits, '_', '.', ':' or '-'"));
                    break;
                }
                tags.add(t);
            }
        }
        String customer = blankToNull(in.customerId());
        if (customer != null) {
            try {
                customers.get(tenant, customer);
            } catch (NotFoundException e) {
                errors.add(new FieldError("customerId", "no such customer"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new Validated(in, address, snmp.port(), snmp.version(), snmp.user(), snmp.auth(), snmp.priv(),
                snmp.secret(), interval, timeout, retries, List.copyOf(tags));
    }

    /**
     * The SNMP part: port, version and credentials. Secrets left out are taken from {@code before}, but only while
     * the device keeps its address and port: a stored secret is never sent to a new address, so moving a device
     * needs its credentials again.
     */
    private static Validated validateSnmp(DeviceInput in, String address, DeviceStore.Stored before,
            List<FieldError> errors, String prefix) {
        int port = port(in.port(), prefix.isEmpty() ? "port" : "port", errors);
        SnmpVersion version = in.version() == null ? null : SnmpVersion.of(in.version().strip());
        if (version == null) {
            errors.add(new FieldError("version", "must be v2c or v3"));
            return new Validated(in, null, port, null, null, null, null, null, 0, 0, 0, List.of());
        }
        boolean moved = before != null && (address == null || !address.equals(before.device().address())
                || port != before.device().port());
        DeviceStore.Secret kept = before != null && !moved && before.device().version().equals(version.label())
                ? before.secret() : null;
        String again = moved ? " again when the address or port changes (a stored secret is never sent to a new "
                + "address)" : "";
        if (version == SnmpVersion.V2C) {
            String community = in.community() != null ? in.community() : kept == null ? null : kept.community();
            if (community == null || community.isEmpty()) {
                errors.add(new FieldError(prefix + "community", "is required for v2c" + again));
            } else if (community.length() > 64 || !PRINTABLE.matcher(community).matches()) {
                errors.add(new FieldError(prefix + "community", "must be 1-64 printable characters"));
            }
            return new Validated(in, null, port, version, null, null, null,
                    new DeviceStore.Secret(community, null, null), 0, 0, 0, List.of());
        }
        String user = in.snmpUser() == null ? null : in.snmpUser().strip();
        if (user == null || user.isEmpty() || user.length() > 32 || !PRINTABLE.matcher(user).matches()) {
            errors.add(new FieldError(prefix + "snmpUser", "is required for v3: 1-32 printable characters"));
        }
        AuthProtocol auth = null;
        if (in.authProtocol() != null && !in.authProtocol().isBlank()) {
            try {
                auth = AuthProtocol.valueOf(in.authProtocol().strip().toUpperCase(Locale.ROOT).replace("-", ""));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(prefix + "authProtocol", "must be SHA, SHA224, SHA256, SHA384 or SHA512"));
            }
        }
        PrivProtocol priv = null;
        if (in.privProtocol() != null && !in.privProtocol().isBlank()) {
            String p = in.privProtocol().strip().toUpperCase(Locale.ROOT).replace("-", "");
            try {
                priv = PrivProtocol.valueOf(p.equals("AES") ? "AES128" : p);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(prefix + "privProtocol", "must be AES128, AES192 or AES256"));
            }
            if (auth == null && in.authProtocol() == null) {
                errors.add(new FieldError(prefix + "privProtocol", "needs an authProtocol"));
            }
        }
        boolean sameUser = kept != null && user != null && user.equals(before.device().snmpUser());
        String authPass = in.authPassphrase() != null ? in.authPassphrase()
                : sameUser && auth != null && auth.name().equals(before.device().authProtocol())
                        ? kept.authPassphrase() : null;
        String privPass = in.privPassphrase() != null ? in.privPassphrase()
                : sameUser && priv != null && priv.name().equals(before.device().privProtocol())
                        ? kept.privPassphrase() : null;
        if (auth != null && (authPass == null || authPass.length() < 8 || authPass.length() > 128)) {
            errors.add(new FieldError(prefix + "authPassphrase", "is required with an authProtocol: 8-128 characters"
                    + again));
        }
        if (priv != null && (privPass == null || privPass.length() < 8 || privPass.length() > 128)) {
            errors.add(new FieldError(prefix + "privPassphrase", "is required with a privProtocol: 8-128 characters"
                    + again));
        }
        return new Validated(in, null, port, version, user, auth, priv,
                new DeviceStore.Secret(null, auth == null ? null : authPass, priv == null ? null : privPass), 0, 0, 0,
                List.of());
    }

    private static int port(Integer port, String field, List<FieldError> errors) {
        int p = port == null ? 161 : port;
        if (p < 1 || p > 65535) {
            errors.add(new FieldError(field, "must be 1 to 65535"));
        }
        return p;
    }

    /** An IPv4 address in dotted quads, or an IPv6 address in its canonical text; never a host name. */
    static String address(String address, List<FieldError> errors) {
        if (address == null || address.isBlank()) {
            errors.add(new FieldError("address", "is required"));
            return null;
        }
        String a = address.strip();
        if (IPV4.matcher(a).matches()) {
            return a;
        }
        if (a.contains(":") && a.matches("[0-9A-Fa-f:.]+")) {
            try {
                InetAddress ip = InetAddress.getByName(a);
                if (!(ip instanceof Inet4Address)) {
                    return ip.getHostAddress();
                }
            } catch (UnknownHostException e) {
                // falls through to the error
            }
        }
        errors.add(new FieldError("address", "must be an IPv4 or IPv6 address (not a host name)"));
        return null;
    }

}
