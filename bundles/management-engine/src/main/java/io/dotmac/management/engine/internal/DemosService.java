package io.dotmac.management.engine.internal;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.aries.jpa.template.JpaTemplate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.billing.automated.BillingRunService;
import io.dotmac.billing.basic.InvoiceService;
import io.dotmac.billing.basic.PlanService;
import io.dotmac.billing.basic.SubscriptionService;
import io.dotmac.customers.CustomerService;
import io.dotmac.licensing.Licensing;
import io.dotmac.management.Demo;
import io.dotmac.management.Demos;
import io.dotmac.management.IspUsage;
import io.dotmac.management.PlatformMail;
import io.dotmac.management.IspRegistration;
import io.dotmac.management.Region;
import io.dotmac.management.Registered;
import io.dotmac.management.Registrations;
import io.dotmac.management.UsageHour;
import io.dotmac.integrations.WebhookSignature;
import io.dotmac.integrations.Webhooks;
import io.dotmac.network.monitoring.NetworkMonitoring;
import io.dotmac.notifications.email.EmailEvent;
import io.dotmac.persistence.Leases;
import io.dotmac.persistence.platform.RowDeletion;
import io.dotmac.persistence.platform.SystemDatabase;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.LimitService;
import io.dotmac.platform.api.NotAuthenticatedException;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.tenant.NewTenant;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantService;
import io.dotmac.tickets.TicketService;

/**
 * {@link Demos} on this instance: a demo is a tenant (the scenario's tier) whose sample data {@link DemoData}
 * generates through the tenant's own services, with e-mail notifications off while it does (no welcome e-mail to
 * thousands of made-up customers) and on again after. The lifecycle pass runs every {@code demoCheckMinutes}.
 */
@Component(service = Demos.class, immediate = true, configurationPid = ManagementService.PID)
public class DemosService implements Demos {

    private static final Logger LOG = LoggerFactory.getLogger(DemosService.class);
    private static final String EMAIL_PLUGIN = "email_notifications";
    private static final int CHUNK = 20_000;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    static final Duration LIFETIME = Duration.ofDays(7);
    static final Duration REMIND_AFTER = Duration.ofDays(5);

    private final JpaTemplate jpa;
    private final TenantService tenants;
    private final TenantServices licences;
    private final Licensing licensing;
    private final IspUsage usage;
    private final PlatformMail mail;
    private final Registrations registrations;
    private final SystemDatabase system;
    private final LimitService limits;
    private final ManagementConfig config;
    private final RateLimit rateLimit = new RateLimit(System::nanoTime, "demos");
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService scheduler;
    private final DemoAgents agents;

    @Activate
    public DemosService(
            @Reference(target = "(&(osgi.unit.name=dotmac-management)(transaction.type=RESOURCE_LOCAL))")
            JpaTemplate jpa, @Reference TenantService tenants, @Reference TenantServices licences,
            @Reference Licensing licensing, @Reference IspUsage usage, @Reference PlatformMail mail,
            @Reference Registrations registrations, @Reference SystemDatabase system, @Reference LimitService limits,
            @Reference Leases leases, ManagementConfig config) {
        this.jpa = jpa;
        this.tenants = tenants;
        this.licences = licences;
        this.licensing = licensing;
        this.usage = usage;
        this.mail = mail;
        this.registrations = registrations;
        this.system = system;
        this.limits = limits;
        this.config = config;
        this.agents = new DemoAgents(config.demoSnmpAddress(), config.demoSnmpPorts());
        resumeAgents();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dotmac-demo-lifecycle");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, config.demoCheckMinutes());
        // one node of several runs the pass (reminders and expiry e-mails go once); another takes over when it stops
        java.time.Duration lease = java.time.Duration.ofMinutes(2 * every + 1);
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                if (!leases.acquire("demo-lifecycle", lease)) {
                    return;
                }
                runLifecycle(Instant.now()).forEach(line -> LOG.info("Demos: {}", line));
            } catch (RuntimeException e) {
                LOG.error("The demos' lifecycle pass failed; it runs again in {} min", every, e);
            }
        }, every, every, TimeUnit.MINUTES);
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
        agents.close();
    }

    /** The agents of every demo whose devices still answer through them (a restart stopped them). */
    private void resumeAgents() {
        List<DemoEntity> withAgents = jpa.txExpr(em -> em.createQuery("SELECT d FROM DemoEntity d WHERE "
                + "d.snmpFirstPort IS NOT NULL", DemoEntity.class).getResultList());
        for (DemoEntity d : withAgents) {
            if (!agents.resume(d.id, d.agents(), d.seed)) {
                LOG.warn("Demo {} ({}): its simulated devices' ports {}-{} are taken: its devices do not answer", d.id,
                        d.tenantSlug, d.snmpFirstPort, d.snmpFirstPort + d.snmpAgents - 1);
            }
        }
        if (!withAgents.isEmpty()) {
            LOG.info("Demos: the simulated devices of {} demos answer again", agents.runningDemos());
        }
    }

    /** Stops a demo's agents for good. */
    private void stopAgents(String id) {
        agents.stop(id);
        jpa.tx(em -> {
            DemoEntity e = em.find(DemoEntity.class, id);
            if (e != null) {
                e.snmpAddress = null;
                e.snmpFirstPort = null;
                e.snmpAgents = null;
                e.snmpCommunity = null;
            }
        });
    }

    // ---- making one

    @Override
    public Demo create(Demo.Request request, String client) {
        DemoData.Scenario scenario = validate(request);
        rateLimit.acquire(client == null ? "?" : client, Math.max(1, config.demosPerHour()));
        String password = password();
        String slug = slug(request.company());
        Instant now = Instant.now();
        Tenant tenant = tenants.create(new NewTenant(request.company().trim() + " (demo)", slug, scenario.tier.name(),
                null, new NewTenant.NewAdmin("admin", request.email().trim(), password)));
        String id = Ids.next();
        long seed = random.nextLong();
        jpa.tx(em -> em.persist(new DemoEntity(id, tenant.id(), tenant.slug(), request.email().trim(),
                request.company().trim(), scenario.name(), seed, client, now, now.plus(LIFETIME))));
        long started = System.nanoTime();
        Map<String, Integer> made;
        TenantRef ref = tenant.ref();
        boolean mailWasOn = switchMail(ref, false);
        Map<String, Set<String>> sample;
        DemoAgents.Block block = null;
        try {
            DemoData.Services services = services(ref);
            if (services.network() != null && scenario.devices > 0) {
                block = agents.start(id, scenario.devices, password().substring(0, 16), seed);
                DemoAgents.Block listening = block;
                jpa.tx(em -> {
                    DemoEntity d = em.find(DemoEntity.class, id);
                    d.snmpAddress = listening.address();
                    d.snmpFirstPort = listening.firstPort();
                    d.snmpAgents = listening.count();
                    d.snmpCommunity = listening.community();
                });
            } else if (scenario.devices > 0) {
                LOG.warn("Demo {}: network_monitoring is not installed: no devices", id);
            }
            DemoData.Inbox inbox = null;
            if (scenario == DemoData.Scenario.ENTERPRISE) {
                everyPluginOn(ref);
                inbox = new DemoData.Inbox(config.publicUrl().replaceAll("/$", "") + "/api/v1/demos/" + id + "/inbox",
                        password());
                String secret = inbox.secret();
                jpa.tx(em -> em.find(DemoEntity.class, id).inboxSecret = secret);
            }
            Map<String, Set<String>> before = system.tenantRowKeys(tenant.id());
            made = DemoData.generate(scenario, seed, ref, services, LocalDate.now(ZoneOffset.UTC), block, inbox);
            sample = minus(system.tenantRowKeys(tenant.id()), before);
        } catch (RuntimeException e) {
            LOG.error("Demo {} ({}): its sample data could not be made; it is taken down", id, slug, e);
            destroyQuietly(id);
            throw e instanceof DotMacException d ? d : new UnavailableException("the demo could not be made: "
                    + e.getMessage());
        } finally {
            if (mailWasOn) {
                switchMail(ref, true);
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        jpa.tx(em -> {
            DemoEntity d = em.find(DemoEntity.class, id);
            d.sampleData = format(made);
            d.generationMillis = millis;
            keepSample(em, id, sample);
        });
        LOG.info("Demo {} ({}, {}) ready in {} ms: {}", id, slug, scenario, millis, made);
        Demo demo = get(id);
        return new Demo(demo.id(), demo.tenant(), demo.email(), demo.company(), demo.scenario(), demo.status(),
                demo.createdAt(), demo.expiresAt(), demo.extended(), demo.remindedAt(), demo.lastActivityAt(),
                demo.sampleData(), demo.generationMillis(), "admin", password);
    }

    private static DemoData.Scenario validate(Demo.Request r) {
        List<FieldError> errors = new ArrayList<>();
        if (r == null) {
            throw new ValidationException("email", "a JSON object with email, company and scenario is required");
        }
        if (r.email() == null || r.email().trim().length() > 254
                || !RegistrationRules.EMAIL.matcher(r.email().trim()).matches()) {
            errors.add(new FieldError("email", "must be an e-mail address"));
        }
        if (r.company() == null || r.company().trim().length() < 2 || r.company().trim().length() > 150) {
            errors.add(new FieldError("company", "must be 2 to 150 characters"));
        }
        DemoData.Scenario scenario = null;
        try {
            scenario = r.scenario() == null ? DemoData.Scenario.SMALL
                    : DemoData.Scenario.valueOf(r.scenario().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("scenario", "must be SMALL, MEDIUM or ENTERPRISE"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return scenario;
    }

    /** {@code demo-<company>-<4 letters>}, at most 40 characters. */
    private String slug(String company) {
        String base = Normalizer.normalize(company, Normalizer.Form.NFKD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        if (base.length() > 28) {
            base = base.substring(0, 28).replaceAll("-$", "");
        }
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            suffix.append((char) ('a' + random.nextInt(26)));
        }
        return "demo-" + (base.isEmpty() ? "isp" : base) + "-" + suffix;
    }

    private String password() {
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            p.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return p.toString();
    }

    /** The tenant's automation rules, or null when the advanced_automation plugin is not there. */
    private DemoRules rules(TenantRef tenant) {
        try {
            return DemoRules.of(licences, tenant);
        } catch (DotMacException notForIt) {
            return null;
        } catch (NoClassDefFoundError absent) {
            return null; // its package is imported optionally: the plugin was not installed when this bundle resolved
        }
    }

    /** Every plugin of the tier switched on (the ENTERPRISE scenario shows them all). */
    private void everyPluginOn(TenantRef tenant) {
        licensing.plugins(tenant).stream().filter(p -> p.entitled() && !p.enabled() && !p.id().equals(EMAIL_PLUGIN))
                .forEach(p -> {
                    try {
                        licensing.setEnabled(tenant, p.id(), true);
                    } catch (DotMacException e) {
                        LOG.warn("Demo tenant {}: plugin {} stays off ({})", tenant.slug(), p.id(), e.getMessage());
                    }
                });
    }

    /** Turns the tenant's e-mail notifications on or off; whether they were on. */
    private boolean switchMail(TenantRef tenant, boolean on) {
        try {
            boolean was = licensing.plugins(tenant).stream().anyMatch(p -> p.id().equals(EMAIL_PLUGIN)
                    && p.entitled() && p.enabled());
            if (was != on) {
                licensing.setEnabled(tenant, EMAIL_PLUGIN, on);
            }
            return was;
        } catch (DotMacException e) {
            return false; // not installed, or not in the tier
        }
    }

    private DemoData.Services services(TenantRef tenant) {
        return new DemoData.Services(need(tenant, "customer_management", CustomerService.class),
                need(tenant, "basic_billing", PlanService.class), need(tenant, "basic_billing",
                        SubscriptionService.class), need(tenant, "automated_billing", BillingRunService.class),
                need(tenant, "ticketing", TicketService.class), optional(tenant, "network_monitoring",
                        NetworkMonitoring.class), rules(tenant), optional(tenant, "custom_integrations",
                                Webhooks.class));
    }

    /** A plugin's service for the tenant, or null when it is not installed or not in the tenant's tier. */
    private <S> S optional(TenantRef tenant, String plugin, Class<S> type) {
        try {
            return licences.service(tenant, plugin, type).orElse(null);
        } catch (DotMacException notForIt) {
            return null;
        }
    }

    private <S> S need(TenantRef tenant, String plugin, Class<S> type) {
        return licences.service(tenant, plugin, type).orElseThrow(() -> new UnavailableException("plugin " + plugin
                + " is not installed: demos need it"));
    }

    static String format(Map<String, Integer> made) {
        StringBuilder s = new StringBuilder();
        made.forEach((k, v) -> s.append(s.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return s.toString();
    }

    static Map<String, Integer> parse(String text) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (text != null && !text.isEmpty()) {
            for (String kv : text.split(",")) {
                String[] p = kv.split("=", 2);
                out.put(p[0], Integer.parseInt(p[1]));
            }
        }
        return out;
    }

    /** {@code after} without the keys of {@code before}, table by table. */
    static Map<String, Set<String>> minus(Map<String, Set<String>> after, Map<String, Set<String>> before) {
        Map<String, Set<String>> out = new TreeMap<>();
        after.forEach((table, keys) -> {
            Set<String> made = new TreeSet<>(keys);
            made.removeAll(before.getOrDefault(table, Set.of()));
            if (!made.isEmpty()) {
                out.put(table, made);
            }
        });
        return out;
    }

    /** Stores the sample rows' keys, newline-separated in chunks of at most {@value #CHUNK} characters. */
    private static void keepSample(javax.persistence.EntityManager em, String demoId, Map<String, Set<String>> sample) {
        sample.forEach((table, keys) -> {
            int chunk = 0;
            StringBuilder text = new StringBuilder();
            for (String key : keys) {
                if (text.length() + key.length() + 1 > CHUNK) {
                    insertChunk(em, demoId, table, chunk++, text.toString());
                    text.setLength(0);
                }
                text.append(text.length() == 0 ? "" : "\n").append(key);
            }
            if (text.length() > 0) {
                insertChunk(em, demoId, table, chunk, text.toString());
            }
        });
    }

    private static void insertChunk(javax.persistence.EntityManager em, String demoId, String table, int chunk,
            String keys) {
        em.createNativeQuery("INSERT INTO dotmac_mg_demo_sample (demo_id, table_name, chunk, row_keys) VALUES (?1, ?2, "
                + "?3, ?4)").setParameter(1, demoId).setParameter(2, table).setParameter(3, chunk)
                .setParameter(4, keys).executeUpdate();
    }

    /** The sample rows' keys as {@link #keepSample} stored them. */
    private Map<String, Set<String>> sample(String demoId) {
        List<?> rows = jpa.txExpr(em -> em.createNativeQuery("SELECT table_name, row_keys FROM dotmac_mg_demo_sample "
                + "WHERE demo_id = ?1 ORDER BY table_name, chunk").setParameter(1, demoId).getResultList());
        Map<String, Set<String>> out = new TreeMap<>();
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            out.computeIfAbsent((String) r[0], k -> new java.util.HashSet<>()).addAll(List.of(((String) r[1])
                    .split("\n")));
        }
        return out;
    }

    private static void forgetSample(javax.persistence.EntityManager em, String demoId) {
        em.createNativeQuery("DELETE FROM dotmac_mg_demo_sample WHERE demo_id = ?1").setParameter(1, demoId)
                .executeUpdate();
    }

    // ---- the inbox

    private static final int INBOX_SIZE = 50;
    private final Map<String, java.util.Deque<Demo.InboxEntry>> inboxes = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void receive(String id, String topic, String deliveryId, String signature, byte[] body) {
        DemoEntity d = jpa.txExpr(em -> em.find(DemoEntity.class, id));
        if (d == null || d.inboxSecret == null || "EXPIRED".equals(d.status)) {
            throw new NotFoundException("No demo inbox " + id);
        }
        if (!WebhookSignature.verify(d.inboxSecret, signature, body, Instant.now().getEpochSecond())) {
            throw new NotAuthenticatedException("The delivery's " + WebhookSignature.SIGNATURE_HEADER
                    + " does not verify with the demo's webhook secret");
        }
        java.util.Deque<Demo.InboxEntry> inbox = inboxes.computeIfAbsent(id, k -> new java.util.ArrayDeque<>());
        synchronized (inbox) {
            inbox.addFirst(new Demo.InboxEntry(Instant.now(), topic, deliveryId, true, new String(body,
                    java.nio.charset.StandardCharsets.UTF_8)));
            while (inbox.size() > INBOX_SIZE) {
                inbox.removeLast();
            }
        }
    }

    @Override
    public List<Demo.InboxEntry> inbox(String id) {
        get(id);
        java.util.Deque<Demo.InboxEntry> inbox = inboxes.get(id);
        if (inbox == null) {
            return List.of();
        }
        synchronized (inbox) {
            return List.copyOf(inbox);
        }
    }

    // ---- reading

    private Demo view(DemoEntity d) {
        Instant lastActivity = null;
        if ("ACTIVE".equals(d.status)) {
            try {
                List<UsageHour> hours = usage.hours(d.tenantId, d.createdAt.truncatedTo(ChronoUnit.HOURS),
                        Instant.now().plus(1, ChronoUnit.HOURS));
                for (UsageHour h : hours) {
                    if (h.apiCalls() > 0) {
                        lastActivity = h.hour();
                    }
                }
            } catch (NotFoundException gone) {
                // the tenant went meanwhile
            }
        }
        return new Demo(d.id, d.tenantSlug, d.email, d.company, d.scenario, d.status, d.createdAt, d.expiresAt,
                d.extended, d.remindedAt, lastActivity, parse(d.sampleData), d.generationMillis, "admin", null);
    }

    @Override
    public Page<Demo> list(String status, int limit, String cursor) {
        List<DemoEntity> rows = jpa.txExpr(em -> em.createQuery("SELECT d FROM DemoEntity d WHERE (:status IS NULL "
                + "OR d.status = :status) AND (:cursor IS NULL OR d.id < :cursor) ORDER BY d.id DESC", DemoEntity.class)
                .setParameter("status", status).setParameter("cursor", cursor).setMaxResults(limit + 1)
                .getResultList());
        boolean more = rows.size() > limit;
        List<DemoEntity> shown = more ? rows.subList(0, limit) : rows;
        return new Page<>(shown.stream().map(this::view).toList(), more ? shown.get(shown.size() - 1).id : null);
    }

    @Override
    public Demo get(String id) {
        DemoEntity d = jpa.txExpr(em -> em.find(DemoEntity.class, id));
        if (d == null) {
            throw new NotFoundException("No demo " + id);
        }
        return view(d);
    }

    @Override
    public Optional<Demo> ofTenant(String tenant) {
        String id = tenants.find(tenant).map(Tenant::id).orElse(tenant);
        List<DemoEntity> rows = jpa.txExpr(em -> em.createQuery("SELECT d FROM DemoEntity d WHERE d.tenantId = :t",
                DemoEntity.class).setParameter("t", id).getResultList());
        return rows.stream().findFirst().map(this::view);
    }

    // ---- lifecycle

    @Override
    public Demo extend(String id) {
        jpa.tx(em -> {
            DemoEntity d = em.find(DemoEntity.class, id, javax.persistence.LockModeType.PESSIMISTIC_WRITE);
            if (d == null) {
                throw new NotFoundException("No demo " + id);
            }
            if (!"ACTIVE".equals(d.status)) {
                throw new ConflictException("Demo " + id + " has ended");
            }
            if (d.extended) {
                throw new ConflictException("Demo " + id + " was extended already (once only)");
            }
            d.extended = true;
            d.expiresAt = d.expiresAt.plus(LIFETIME);
        });
        return get(id);
    }

    @Override
    public synchronized Demo.Conversion convert(String id, Demo.ConversionRequest request, String client) {
        DemoEntity d = jpa.txExpr(em -> em.find(DemoEntity.class, id));
        if (d == null) {
            throw new NotFoundException("No demo " + id);
        }
        if (!"ACTIVE".equals(d.status)) {
            throw new ConflictException("Demo " + id + " is " + d.status + ": only an active demo is converted");
        }
        IspRegistration registration = registration(request);
        List<FieldError> errors = registrations.check(registration);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        boolean keep = Boolean.TRUE.equals(request.keepSampleData());
        RowDeletion dropped = keep ? RowDeletion.none() : dropSample(d);
        if (!keep) {
            stopAgents(id); // their devices are gone; kept, they go on answering
        }
        Registered isp = registrations.adopt(registration, d.tenantId, client);
        Instant now = Instant.now();
        jpa.tx(em -> {
            DemoEntity e = em.find(DemoEntity.class, id);
            e.status = "CONVERTED";
            e.ispId = isp.ispId();
            e.convertedAt = now;
            forgetSample(em, id);
        });
        LOG.info("Demo {} ({}) converted to ISP {} (deployment {}); sample rows dropped {}, kept {}", id, d.tenantSlug,
                isp.ispId(), isp.deploymentId(), dropped.deleted(), dropped.kept());
        return new Demo.Conversion(id, isp.ispId(), isp.deploymentId(), d.tenantSlug, dropped.deleted(),
                dropped.kept(), isp.nextSteps());
    }

    /** The registration a conversion makes: a SHARED one, in the demos' region unless it names another. */
    private IspRegistration registration(Demo.ConversionRequest request) {
        if (request == null) {
            throw new ValidationException("business", "a JSON object with business, technical and commercial is "
                    + "required");
        }
        IspRegistration.Technical t = request.technical();
        IspRegistration.Technical technical = new IspRegistration.Technical(
                t == null || t.region() == null ? config.demoRegion() : t.region(), t == null ? null : t.domain(),
                t == null ? null : t.integrations(), t == null ? null : t.migrationSource());
        return new IspRegistration(request.business(), technical, request.commercial(), "SHARED");
    }

    /**
     * Deletes what the generation made, except what the ISP's own rows refer to; gives the dropped customers' units
     * of the tier's limit back, and starts invoice numbers again when no invoice is left.
     */
    private RowDeletion dropSample(DemoEntity d) {
        TenantRef ref = tenants.get(d.tenantId).ref();
        long openBefore = openCustomers(ref);
        Map<String, Set<String>> sample = sample(d.id);
        RowDeletion dropped = system.deleteRows(d.tenantId, sample);
        // the rules and webhook the scenario made: their runs and deliveries (made since, by the platform) kept them
        Map<String, Integer> more = new TreeMap<>();
        DemoRules rules = rules(ref);
        if (rules != null) {
            int n = rules.delete(ref, sample.getOrDefault("dotmac_automation_rule", Set.of()));
            if (n > 0) {
                more.put("dotmac_automation_rule", n);
            }
        }
        java.util.Optional.ofNullable(optional(ref, "custom_integrations", Webhooks.class)).ifPresent(webhooks -> {
            for (String webhook : sample.getOrDefault("dotmac_webhook", Set.of())) {
                try {
                    webhooks.delete(ref, webhook);
                    more.merge("dotmac_webhook", 1, Integer::sum);
                } catch (NotFoundException gone) {
                    // deleted with the rest
                }
            }
        });
        if (!more.isEmpty()) {
            Map<String, Integer> deleted = new TreeMap<>(dropped.deleted());
            Map<String, Integer> kept = new TreeMap<>(dropped.kept());
            more.forEach((table, n) -> {
                deleted.merge(table, n, Integer::sum);
                kept.computeIfPresent(table, (t, k) -> k - n > 0 ? k - n : null);
            });
            dropped = new RowDeletion(deleted, kept, dropped.state());
        }
        long released = openBefore - openCustomers(ref);
        if (released > 0) {
            limits.release(ref, LimitService.CUSTOMERS, released);
        }
        licences.service(ref, "basic_billing", InvoiceService.class).ifPresent(invoices -> {
            try {
                invoices.restartNumbering(ref);
            } catch (ConflictException ownInvoices) {
                LOG.info("Demo {}: invoice numbers go on ({})", d.id, ownInvoices.getMessage());
            }
        });
        return dropped;
    }

    /** The tenant's customers that hold a unit of the customer limit (not closed). */
    private long openCustomers(TenantRef tenant) {
        CustomerService customers = need(tenant, "customer_management", CustomerService.class);
        long open = 0;
        String cursor = null;
        do {
            Page<io.dotmac.customers.Customer> page = customers.list(tenant, null, null, 200, cursor);
            open += page.items().stream().filter(c -> c.status() != io.dotmac.customers.CustomerStatus.CLOSED)
                    .count();
            cursor = page.nextCursor();
        } while (cursor != null);
        return open;
    }

    @Override
    public Demo destroy(String id) {
        DemoEntity d = jpa.txExpr(em -> em.find(DemoEntity.class, id));
        if (d == null) {
            throw new NotFoundException("No demo " + id);
        }
        if ("ACTIVE".equals(d.status)) {
            send(d, EmailEvent.DEMO_EXPIRED, Map.of("companyName", d.company, "tenant", d.tenantSlug,
                    "registerUrl", config.publicUrl() + "/api/v1/isp/register"));
            stopAgents(id);
            inboxes.remove(id);
            if (tenants.find(d.tenantId).isPresent()) {
                tenants.delete(d.tenantId);
            }
            Instant now = Instant.now();
            jpa.tx(em -> {
                DemoEntity e = em.find(DemoEntity.class, id);
                e.status = "EXPIRED";
                e.destroyedAt = now;
                forgetSample(em, id);
            });
            LOG.info("Demo {} ({}) destroyed with its tenant", id, d.tenantSlug);
        }
        return get(id);
    }

    private void destroyQuietly(String id) {
        try {
            destroy(id);
        } catch (RuntimeException e) {
            LOG.error("Demo {} could not be taken down", id, e);
        }
    }

    @Override
    public synchronized List<String> runLifecycle(Instant now) {
        List<String> done = new ArrayList<>();
        List<DemoEntity> active = jpa.txExpr(em -> em.createQuery("SELECT d FROM DemoEntity d WHERE d.status = "
                + "'ACTIVE' ORDER BY d.id", DemoEntity.class).getResultList());
        for (DemoEntity d : active) {
            try {
                if (!now.isBefore(d.expiresAt)) {
                    destroy(d.id);
                    done.add(d.id + " (" + d.tenantSlug + "): expired, destroyed");
                } else if (d.remindedAt == null && !now.isBefore(d.createdAt.plus(REMIND_AFTER))
                        && view(d).lastActivityAt() == null) {
                    send(d, EmailEvent.DEMO_REMINDER, Map.of("companyName", d.company, "tenant", d.tenantSlug,
                            "portalUrl", config.publicUrl() + "/portal/", "expiresAt", d.expiresAt.toString()));
                    jpa.tx(em -> em.find(DemoEntity.class, d.id).remindedAt = now);
                    done.add(d.id + " (" + d.tenantSlug + "): unused, reminded");
                }
            } catch (RuntimeException e) {
                LOG.error("Demo {}: its lifecycle step failed; tried again at the next pass", d.id, e);
                done.add(d.id + " (" + d.tenantSlug + "): failed, " + e.getMessage());
            }
        }
        return done;
    }

    /** An e-mail from the platform tenant of the demos' region; a failure is logged, never stops the lifecycle. */
    private void send(DemoEntity d, EmailEvent event, Map<String, String> variables) {
        Region region = registrations.regions().stream().filter(r -> r.name().equals(config.demoRegion()))
                .findFirst().orElse(null);
        if (region == null) {
            LOG.warn("No {} e-mail for demo {}: region '{}' (demoRegion) is not configured", event.key(), d.id,
                    config.demoRegion());
            return;
        }
        try {
            mail.send(region, event, d.email, variables);
        } catch (DotMacException e) {
            LOG.warn("No {} e-mail for demo {}: {}", event.key(), d.id, e.getMessage());
        }
    }
}
