package io.dotmac.sla.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.billing.automated.BillingCredit;
import io.dotmac.billing.automated.BillingRunService;
import io.dotmac.billing.basic.Plan;
import io.dotmac.billing.basic.PlanService;
import io.dotmac.billing.basic.Subscription;
import io.dotmac.billing.basic.SubscriptionService;
import io.dotmac.customers.CustomerService;
import io.dotmac.network.monitoring.NetworkMonitoring;
import io.dotmac.network.monitoring.Outage;
import io.dotmac.persistence.DataAccessException;
import io.dotmac.persistence.Database;
import io.dotmac.persistence.DomainEvents;
import io.dotmac.persistence.Leases;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.PluginDisabledException;
import io.dotmac.platform.api.PluginNotLicensedException;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.sla.SlaEvents;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantService;
import io.dotmac.tickets.TicketService;

/**
 * SLAs: agreements, links, maintenance windows; a month's report (UTC) measured from network_monitoring's outages
 * and the tickets' times; evaluation of a finished month, which records each breach once, posts
 * {@link SlaEvents#SLA_BREACHED} in the same transaction and adds its credit to the subscription's next invoice
 * through automated_billing (retried until it is taken). Every call checks the tenant may use the plugin.
 */
@Component(service = SlaService.class, configurationPid = SlaService.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SlaConfig.class)
public class SlaService {

    static final String PID = "io.dotmac.sla";
    static final String PLUGIN = "sla_management";
    static final String NETWORK = "network_monitoring";
    static final String BILLING = "automated_billing";
    static final String AVAILABILITY = "AVAILABILITY";
    static final String FIRST_RESPONSE = "FIRST_RESPONSE";
    static final String RESOLUTION = "RESOLUTION";
    private static final Logger LOG = LoggerFactory.getLogger(SlaService.class);

    private final Database db;
    private final TenantServices licences;
    private final TenantService tenants;
    private final SubscriptionService subscriptions;
    private final PlanService plans;
    private final CustomerService customers;
    private final TicketService tickets;
    private final DomainEvents events;
    private final SlaClock clock;
    private final ScheduledExecutorService schedule;

    @Activate
    public SlaService(@Reference Database db, @Reference TenantServices licences, @Reference TenantService tenants,
            @Reference SubscriptionService subscriptions, @Reference PlanService plans,
            @Reference CustomerService customers, @Reference TicketService tickets, @Reference DomainEvents events,
            @Reference SlaClock clock,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=sla_management)") MigratedSchema schema,
            @Reference Leases leases, SlaConfig config) {
        this.db = db;
        this.licences = licences;
        this.tenants = tenants;
        this.subscriptions = subscriptions;
        this.plans = plans;
        this.customers = customers;
        this.tickets = tickets;
        this.events = events;
        this.clock = clock;
        this.schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dotmac-sla-evaluation");
            t.setDaemon(true);
            return t;
        });
        int every = Math.max(1, config.evaluateEverySeconds());
        // one node of several evaluates; another takes over within two rounds when it stops
        java.time.Duration lease = java.time.Duration.ofSeconds(2L * every + 30);
        schedule.scheduleWithFixedDelay(() -> {
            try {
                if (leases.acquire("sla-evaluation", lease)) {
                    evaluateFinishedMonths();
                }
            } catch (RuntimeException e) {
                LOG.warn("SLA evaluation waits for the next round: {}", e.toString());
            }
        }, Math.min(every, 60), every, TimeUnit.SECONDS);
    }

    @Deactivate
    void stop() {
        schedule.shutdownNow();
    }

    // ---- agreements

    List<Agreement> agreements(TenantRef tenant) {
        licences.check(tenant, PLUGIN);
        return db.inTenant(tenant, c -> SlaStore.list(c, tenant));
    }

    Agreement agreement(TenantRef tenant, String id) {
        licences.check(tenant, PLUGIN);
        return db.inTenant(tenant, c -> SlaStore.get(c, tenant, id));
    }

    Agreement create(TenantRef tenant, Agreement.Input input) {
        licences.check(tenant, PLUGIN);
        Instant now = clock.now().truncatedTo(ChronoUnit.MILLIS);
        Agreement a = SlaStore.validate(input, Ids.next(), now);
        scopeExists(tenant, a);
        return write(tenant, a, c -> SlaStore.insert(c, tenant, a));
    }

    Agreement replace(TenantRef tenant, String id, Agreement.Input input) {
        licences.check(tenant, PLUGIN);
        Agreement before = agreement(tenant, id);
        Agreement a = SlaStore.validate(input, id, clock.now().truncatedTo(ChronoUnit.MILLIS));
        Agreement after = new Agreement(id, a.name(), a.planId(), a.customerId(), a.availabilityTarget(),
                a.credits(), a.ticketTargets(), before.createdAt(), a.updatedAt());
        scopeExists(tenant, after);
        return write(tenant, after, c -> SlaStore.update(c, tenant, after));
    }

    private interface Write {
        void on(java.sql.Connection c) throws java.sql.SQLException;
    }

    private Agreement write(TenantRef tenant, Agreement a, Write write) {
        try {
            db.inTenant(tenant, c -> {
                write.on(c);
                return null;
            });
        } catch (DataAccessException e) {
            if (e.uniqueViolation()) {
                throw new ConflictException(a.planId() != null ? "Plan '" + a.planId() + "' has an SLA already"
                        : "Customer '" + a.customerId() + "' has an SLA already");
            }
            throw e;
        }
        return agreement(tenant, a.id());
    }

    /** The agreement's plan or customer exists in the tenant, else 422 naming it. */
    private void scopeExists(TenantRef tenant, Agreement a) {
        try {
            if (a.planId() != null) {
                plans.get(tenant, a.planId());
            } else {
                customers.get(tenant, a.customerId());
            }
        } catch (NotFoundException e) {
            throw a.planId() != null ? new ValidationException("planId", "no plan '" + a.planId() + "'")
                    : new ValidationException("customerId", "no customer '" + a.customerId() + "'");
        }
    }

    void delete(TenantRef tenant, String id) {
        licences.check(tenant, PLUGIN);
        db.inTenant(tenant, c -> {
            SlaStore.delete(c, tenant, id);
            return null;
        });
    }

    // ---- links and maintenance

    Link link(TenantRef tenant, String subscriptionId, Link.Input input) {
        licences.check(tenant, PLUGIN);
        subscriptions.get(tenant, subscriptionId); // 404 when the tenant has no such subscription
        if (input == null || input.deviceId() == null || input.deviceId().isBlank()) {
            throw new ValidationException("deviceId", "is required");
        }
        if (input.ifIndex() != null && input.ifIndex() < 1) {
            throw new ValidationException("ifIndex", "must be an interface's index (1 or more), or left out for the "
                    + "device itself");
        }
        deviceExists(tenant, input.deviceId().strip(), "deviceId");
        Link link = new Link(subscriptionId, input.deviceId().strip(), input.ifIndex(),
                clock.now().truncatedTo(ChronoUnit.MILLIS));
        db.inTenant(tenant, c -> {
            SlaStore.putLink(c, tenant, link);
            return null;
        });
        return link;
    }

    private void deviceExists(TenantRef tenant, String deviceId, String field) {
        NetworkMonitoring network = licences.service(tenant, NETWORK, NetworkMonitoring.class).orElseThrow(
                () -> new ConflictException("network_monitoring is not installed: there are no devices to link"));
        try {
            network.get(tenant, deviceId);
        } catch (NotFoundException e) {
            throw new ValidationException(field, "no device '" + deviceId + "'");
        }
    }

    Map<String, Link> links(TenantRef tenant) {
        licences.check(tenant, PLUGIN);
        return db.inTenant(tenant, c -> SlaStore.links(c, tenant));
    }

    Link link(TenantRef tenant, String subscriptionId) {
        Link link = links(tenant).get(subscriptionId);
        if (link == null) {
            throw new NotFoundException("Subscription " + subscriptionId + " is linked to no device");
        }
        return link;
    }

    void unlink(TenantRef tenant, String subscriptionId) {
        licences.check(tenant, PLUGIN);
        db.inTenant(tenant, c -> {
            SlaStore.deleteLink(c, tenant, subscriptionId);
            return null;
        });
    }

    MaintenanceWindow addMaintenance(TenantRef tenant, MaintenanceWindow.Input input) {
        licences.check(tenant, PLUGIN);
        MaintenanceWindow w = SlaStore.validate(input, clock.now().truncatedTo(ChronoUnit.MILLIS));
        if (w.deviceId() != null) {
            deviceExists(tenant, w.deviceId(), "deviceId");
        }
        db.inTenant(tenant, c -> {
            SlaStore.insert(c, tenant, w);
            return null;
        });
        return w;
    }

    List<MaintenanceWindow> maintenance(TenantRef tenant, YearMonth month) {
        licences.check(tenant, PLUGIN);
        return db.inTenant(tenant, c -> SlaStore.maintenance(c, tenant, start(month), start(month.plusMonths(1))));
    }

    void deleteMaintenance(TenantRef tenant, String id) {
        licences.check(tenant, PLUGIN);
        db.inTenant(tenant, c -> {
            SlaStore.deleteMaintenance(c, tenant, id);
            return null;
        });
    }

    List<Breach> breaches(TenantRef tenant, YearMonth month) {
        licences.check(tenant, PLUGIN);
        return db.inTenant(tenant, c -> SlaStore.breaches(c, tenant, month == null ? null : month.toString()))
                .stream().map(SlaStore.StoredBreach::breach).toList();
    }

    // ---- months

    static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** {@code yyyy-MM}, or the current month (UTC) when {@code null}; else 422 naming {@code month}. */
    YearMonth month(String value) {
        if (value == null || value.isBlank()) {
            return YearMonth.from(clock.now().atZone(ZoneOffset.UTC));
        }
        try {
            YearMonth m = YearMonth.parse(value.strip());
            if (m.getYear() < 2000 || m.getYear() > 2999) {
                throw new ValidationException("month", "must be a month as yyyy-MM");
            }
            return m;
        } catch (DateTimeParseException e) {
            throw new ValidationException("month", "must be a month as yyyy-MM");
        }
    }

    /** The month's report: measured up to now while it lasts. */
    SlaReport report(TenantRef tenant, YearMonth month) {
        licences.check(tenant, PLUGIN);
        return measure(tenant, month).report();
    }

    /** A report and whether every linked subscription in it could be measured. */
    private record Measured(SlaReport report, boolean whole) {
    }

    private Measured measure(TenantRef tenant, YearMonth month) {
        Instant now = clock.now();
        Instant from = start(month);
        Instant to = start(month.plusMonths(1));
        boolean complete = !now.isBefore(to);
        Instant until = complete ? to : now.isBefore(from) ? from : now;
        List<Agreement> agreements = db.inTenant(tenant, c -> SlaStore.list(c, tenant));
        Map<String, Agreement> byPlan = new HashMap<>();
        Map<String, Agreement> byCustomer = new HashMap<>();
        for (Agreement a : agreements) {
            if (a.planId() != null) {
                byPlan.put(a.planId(), a);
            } else {
                byCustomer.put(a.customerId(), a);
            }
        }
        Map<String, Link> links = db.inTenant(tenant, c -> SlaStore.links(c, tenant));
        List<MaintenanceWindow> windows = db.inTenant(tenant, c -> SlaStore.maintenance(c, tenant, from, until));
        Currency currency = Currency.getInstance(tenants.find(tenant.id()).map(Tenant::currency).orElse("USD"));
        Map<String, Plan> planCache = new HashMap<>();
        Map<String, List<Outage>> outageCache = new HashMap<>();
        Map<String, Agreement> customerAgreement = new LinkedHashMap<>(byCustomer);
        Optional<NetworkMonitoring> network;
        String networkProblem = null;
        try {
            network = licences.service(tenant, NETWORK, NetworkMonitoring.class);
            if (network.isEmpty()) {
                networkProblem = "network_monitoring is not installed";
            }
        } catch (PluginNotLicensedException | PluginDisabledException e) {
            network = Optional.empty();
            networkProblem = e.getMessage();
        }
        boolean whole = true;
        List<SlaReport.Item> items = new ArrayList<>();
        for (Subscription s : allSubscriptions(tenant)) {
            Agreement a = byCustomer.getOrDefault(s.customerId(), byPlan.get(s.planId()));
            if (a == null) {
                continue;
            }
            customerAgreement.putIfAbsent(s.customerId(), a);
            Instant begins = s.startDate().atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant cancelled = s.cancelAt() == null ? null : s.cancelAt().atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!begins.isBefore(to) || (cancelled != null && !cancelled.isAfter(from))) {
                continue; // not a subscription of this month
            }
            Instant start = begins.isAfter(from) ? begins : from;
            Instant ends = cancelled == null ? until : min(until, cancelled);
            Link link = links.get(s.id());
            String note = null;
            Availability.Measure m = null;
            if (link == null) {
                note = "not linked to a device: PUT /api/v1/sla/links/" + s.id();
            } else if (network.isEmpty()) {
                note = networkProblem;
                whole = false;
            } else {
                NetworkMonitoring nm = network.get();
                List<Outage> outages;
                try {
                    outages = outageCache.computeIfAbsent(link.deviceId(), d -> until.isAfter(from)
                            ? nm.outages(tenant, d, from, until) : List.of());
                } catch (NotFoundException e) {
                    outages = null;
                    note = "device " + link.deviceId() + " no longer exists";
                } catch (DotMacException e) {
                    outages = null;
                    note = e.getMessage();
                    whole = false;
                }
                if (outages != null) {
                    List<Availability.Span> down = new ArrayList<>();
                    for (Outage o : outages) {
                        if (o.ifIndex() == 0 || (link.ifIndex() != null && o.ifIndex() == link.ifIndex())) {
                            down.add(new Availability.Span(o.start(), o.end()));
                        }
                    }
                    List<Availability.Span> planned = new ArrayList<>();
                    for (MaintenanceWindow w : windows) {
                        if (w.deviceId() == null || w.deviceId().equals(link.deviceId())) {
                            planned.add(new Availability.Span(w.startsAt(), w.endsAt()));
                        }
                    }
                    m = Availability.of(start, ends, down, planned);
                    if (m.percent() == null) {
                        note = "nothing measured yet";
                    }
                }
            }
            BigDecimal target = new BigDecimal(a.availabilityTarget());
            boolean breached = m != null && m.below(target);
            String creditPercent = null;
            String credit = null;
            if (breached) {
                creditPercent = creditPercent(a, m);
                if (creditPercent != null) {
                    Plan plan = planCache.computeIfAbsent(s.planId(), id -> plans.get(tenant, id));
                    credit = credit(plan, new BigDecimal(creditPercent), currency).toPlainString();
                }
            }
            items.add(new SlaReport.Item(s.id(), s.customerId(), s.planId(), a.id(), a.name(),
                    link == null ? null : link.deviceId(), link == null ? null : link.ifIndex(), a.availabilityTarget(),
                    m == null || m.percent() == null ? null : m.percent().toPlainString(),
                    m == null ? null : Availability.Measure.minutes(m.measuredSeconds()).toPlainString(),
                    m == null ? null : Availability.Measure.minutes(m.downtimeSeconds()).toPlainString(),
                    m == null ? null : Availability.Measure.minutes(m.maintenanceSeconds()).toPlainString(),
                    m == null ? 0 : m.outages(), breached, creditPercent, credit, currency.getCurrencyCode(), note));
        }
        List<SlaReport.TicketItem> ticketItems = ticketItems(tenant, customerAgreement, from, to, now);
        return new Measured(new SlaReport(month.toString(), from, to, complete, items, ticketItems), whole);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private List<Subscription> allSubscriptions(TenantRef tenant) {
        List<Subscription> all = new ArrayList<>();
        String cursor = null;
        do {
            Page<Subscription> page = subscriptions.list(tenant, null, null, 200, cursor);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }

    /** The percent of the fee a month earns back: the step with the lowest threshold the month is below. */
    static String creditPercent(Agreement a, Availability.Measure m) {
        String percent = null;
        for (Agreement.CreditStep step : a.credits()) { // highest threshold first
            if (m.below(new BigDecimal(step.below()))) {
                percent = step.percent();
            }
        }
        return percent;
    }

    /** {@code percent} of the plan's fee for one month, in {@code currency}, rounded half-even. */
    static BigDecimal credit(Plan plan, BigDecimal percent, Currency currency) {
        int months = switch (plan.billingPeriod()) {
            case MONTHLY -> 1;
            case QUARTERLY -> 3;
            case YEARLY -> 12;
        };
        int digits = Math.max(0, currency.getDefaultFractionDigits());
        return new BigDecimal(plan.price()).multiply(percent).divide(BigDecimal.valueOf(100L * months), digits,
                RoundingMode.HALF_EVEN);
    }

    private List<SlaReport.TicketItem> ticketItems(TenantRef tenant, Map<String, Agreement> byCustomer,
            Instant from, Instant to, Instant now) {
        if (byCustomer.values().stream().allMatch(a -> a.ticketTargets().isEmpty())) {
            return List.of();
        }
        List<SlaReport.TicketItem> out = new ArrayList<>();
        for (TicketService.Timing t : tickets.timings(tenant, from, to)) {
            Agreement a = byCustomer.get(t.customerId());
            Agreement.TicketTarget target = a == null ? null : a.ticketTargets().get(t.priority().name());
            if (target == null) {
                continue;
            }
            Instant created = t.createdAt();
            long response = Duration.between(created, t.firstResponseAt() != null ? t.firstResponseAt() : now)
                    .getSeconds();
            long resolution = Duration.between(created, t.resolvedAt() != null ? t.resolvedAt() : now).getSeconds();
            boolean responseLate = target.firstResponseMinutes() != null
                    && response > target.firstResponseMinutes() * 60L;
            boolean resolutionLate = target.resolutionMinutes() != null
                    && resolution > target.resolutionMinutes() * 60L;
            out.add(new SlaReport.TicketItem(t.ticketId(), t.customerId(), a.id(), t.priority().name(), created,
                    target.firstResponseMinutes(), Availability.Measure.minutes(Math.max(0, response))
                            .toPlainString(), responseLate, target.resolutionMinutes(),
                    Availability.Measure.minutes(Math.max(0, resolution)).toPlainString(), resolutionLate));
        }
        return out;
    }

    // ---- evaluation

    /** What an evaluation did: the breaches it recorded now, and the credits added now. */
    public record Evaluation(String month, List<Breach> recorded, int creditsAdded, int creditsWaiting, boolean complete) {
    }

    /**
     * Records the breaches of a finished month (once each: evaluating again records nothing twice), posts
     * {@link SlaEvents#SLA_BREACHED} for each new one, and adds the credits automated_billing has not taken yet.
     *
     * @throws ConflictException when the month is not over yet
     */
    Evaluation evaluate(TenantRef tenant, YearMonth month) {
        licences.check(tenant, PLUGIN);
        if (clock.now().isBefore(start(month.plusMonths(1)))) {
            throw new ConflictException("The month " + month + " is not over yet (UTC): its breaches are recorded "
                    + "once it is");
        }
        Measured measured = measure(tenant, month);
        SlaReport report = measured.report();
        Instant now = clock.now().truncatedTo(ChronoUnit.MILLIS);
        String vendor = db.vendor();
        String m = month.toString();
        List<Breach> recorded = db.inTenant(tenant, c -> {
            List<Breach> fresh = new ArrayList<>();
            for (SlaReport.Item item : report.subscriptions()) {
                if (!item.breached()) {
                    continue;
                }
                Currency currency = Currency.getInstance(item.currency());
                long minor = item.credit() == null ? 0 : new BigDecimal(item.credit()).movePointRight(
                        Math.max(0, currency.getDefaultFractionDigits())).longValueExact();
                Breach b = new Breach(Ids.next(), item.slaId(), item.subscriptionId(), item.customerId(), m,
                        AVAILABILITY, item.availability(), item.availabilityTarget(),
                        item.credit() == null ? "0" : item.credit(), item.currency(), null, now);
                if (SlaStore.insertBreach(c, tenant, b, minor, vendor)) {
                    fresh.add(b);
                    announce(tenant, b, item.slaName());
                }
            }
            for (SlaReport.TicketItem t : report.tickets()) {
                if (t.firstResponseBreached()) {
                    record(c, tenant, vendor, fresh, new Breach(Ids.next(), t.slaId(), t.ticketId(), t.customerId(), m,
                            FIRST_RESPONSE, t.firstResponseMinutes(), String.valueOf(t.firstResponseTargetMinutes()),
                            "0", null, null, now));
                }
                if (t.resolutionBreached()) {
                    record(c, tenant, vendor, fresh, new Breach(Ids.next(), t.slaId(), t.ticketId(), t.customerId(), m,
                            RESOLUTION, t.resolutionMinutes(), String.valueOf(t.resolutionTargetMinutes()), "0", null,
                            null, now));
                }
            }
            if (measured.whole()) {
                SlaStore.markEvaluated(c, tenant, m, now);
            }
            return fresh;
        });
        int[] credits = addCredits(tenant, m);
        if (!recorded.isEmpty()) {
            LOG.info("SLA month {} of tenant {}: {} breaches recorded, {} credits added", m, tenant.slug(),
                    recorded.size(), credits[0]);
        }
        return new Evaluation(m, recorded, credits[0], credits[1], measured.whole());
    }

    private void record(java.sql.Connection c, TenantRef tenant, String vendor, List<Breach> fresh, Breach b)
            throws java.sql.SQLException {
        if (SlaStore.insertBreach(c, tenant, b, 0, vendor)) {
            fresh.add(b);
            announce(tenant, b, null);
        }
    }

    private void announce(TenantRef tenant, Breach b, String slaName) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(SlaEvents.SLA_ID, b.slaId());
        if (slaName != null) {
            p.put(SlaEvents.SLA_NAME, slaName);
        }
        p.put(SlaEvents.KIND, b.kind());
        p.put(SlaEvents.SUBJECT_ID, b.subjectId());
        p.put(SlaEvents.CUSTOMER_ID, b.customerId());
        p.put(SlaEvents.MONTH, b.month());
        p.put(SlaEvents.MEASURED, b.measured());
        p.put(SlaEvents.TARGET, b.target());
        p.put(SlaEvents.CREDIT, b.credit());
        if (b.currency() != null) {
            p.put(SlaEvents.CURRENCY, b.currency());
        }
        events.publish(tenant, SlaEvents.SLA_BREACHED, p);
    }

    /**
     * Adds the credits of {@code month}'s breaches ({@code null}: every month's) that automated_billing has not
     * taken yet, each once (its key is the breach's subject, month and kind). [added, still waiting]
     */
    private int[] addCredits(TenantRef tenant, String month) {
        List<SlaStore.StoredBreach> owed = db.inTenant(tenant, c -> SlaStore.breaches(c, tenant, month)).stream()
                .filter(b -> b.creditMinor() > 0 && b.breach().creditId() == null).toList();
        if (owed.isEmpty()) {
            return new int[] { 0, 0 };
        }
        Optional<BillingRunService> billing;
        try {
            billing = licences.service(tenant, BILLING, BillingRunService.class);
        } catch (PluginNotLicensedException | PluginDisabledException e) {
            billing = Optional.empty();
        }
        if (billing.isEmpty()) {
            LOG.warn("SLA credits of tenant {} wait: automated_billing is not available to it", tenant.slug());
            return new int[] { 0, owed.size() };
        }
        int added = 0;
        for (SlaStore.StoredBreach owedOne : owed) {
            Breach b = owedOne.breach();
            BillingRunService runs = billing.get();
            db.inTenant(tenant, c -> {
                BillingCredit credit = runs.addCredit(tenant, new BillingCredit.Input(b.subjectId(),
                        "sla:" + b.subjectId() + ":" + b.month() + ":" + b.kind(),
                        "SLA credit " + b.month() + ": availability " + b.measured() + " % (target " + b.target()
                                + " %)", b.credit()));
                SlaStore.credited(c, tenant, b.id(), credit.id());
                return null;
            });
            added++;
        }
        return new int[] { added, 0 };
    }

    /** The schedule: every tenant with agreements gets its last finished month evaluated once, and credits retried. */
    void evaluateFinishedMonths() {
        try {
            YearMonth last = YearMonth.from(clock.now().atZone(ZoneOffset.UTC)).minusMonths(1);
            for (String id : db.acrossTenants(SlaStore::tenantsWithAgreements)) {
                Optional<Tenant> tenant = tenants.find(id);
                if (tenant.isEmpty() || tenant.get().suspended()) {
                    continue;
                }
                TenantRef ref = tenant.get().ref();
                try {
                    licences.check(ref, PLUGIN);
                } catch (DotMacException notNow) {
                    continue;
                }
                try {
                    if (!db.inTenant(ref, c -> SlaStore.evaluated(c, ref, last.toString()))) {
                        evaluate(ref, last);
                    } else {
                        addCredits(ref, null);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Evaluating SLA month {} of tenant {} failed: {}", last, ref.slug(), e.toString());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("The SLA schedule could not run: {}", e.toString()); // the next tick tries again
        }
    }
}
