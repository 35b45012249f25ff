package io.dotmac.billing.automated.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.billing.automated.BillingCredit;
import io.dotmac.billing.automated.BillingRun;
import io.dotmac.billing.automated.BillingRun.Failure;
import io.dotmac.billing.automated.BillingRun.Status;
import io.dotmac.billing.automated.BillingRun.Trigger;
import io.dotmac.billing.automated.BillingRunService;
import io.dotmac.billing.automated.BillingSettings;
import io.dotmac.billing.basic.RecurringBilling;
import io.dotmac.billing.basic.RecurringBilling.Charge;
import io.dotmac.billing.basic.RecurringBilling.DueSubscription;
import io.dotmac.billing.basic.RecurringBilling.IssuedCharge;
import io.dotmac.persistence.DataAccessException;
import io.dotmac.persistence.Database;
import io.dotmac.persistence.Leases;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.persistence.PagedQuery;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.metrics.Metrics;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantService;

/**
 * {@link BillingRunService}: starts runs by hand and on each tenant's daily schedule, and carries them out in the
 * background, a chunk of subscriptions per transaction.
 *
 * <p>Exactly once: in one transaction a chunk locks its due subscriptions, issues their invoices, moves their next
 * billing date, records each (subscription, period) in {@code dotmac_billing_charge} (whose primary key refuses a
 * second record of a period, whichever run, node or retry tries) and moves the run's cursor. A crash loses at most
 * the open chunk, which rolls back as a whole, and a re-run finds billed periods no longer due.
 *
 * <p>Once across nodes: a run is carried out by the node holding its lease ({@code billing-run:<id>}, renewed before
 * each chunk, for {@code runLeaseSeconds}). Every node looks every third of that for RUNNING runs whose lease is free
 * and takes them, so a run goes on from its cursor on another node once its node stopped renewing (stopped, killed,
 * cut off), and at once on the same node started again. A run that meets an outage (the database, licensing)
 * gives its lease up and waits for the next look rather than failing.
 */
@Component(service = { BillingRunService.class, BillingRuns.class }, configurationPid = AutomatedBillingConfig.PID)
@Designate(ocd = AutomatedBillingConfig.class)
public class BillingRuns implements BillingRunService {

    static final String PLUGIN = "automated_billing";
    private static final Logger LOG = LoggerFactory.getLogger(BillingRuns.class);
    /** Attempts at a chunk that collided with another run before the run fails. */
    private static final int CHUNK_ATTEMPTS = 3;

    private final Database db;
    private final RecurringBilling recurring;
    private final TenantService tenants;
    private final TenantServices licences;
    private final Dunning dunning;
    private final Clock clock;
    private final BillingSettings defaults;
    private final int chunkSize;
    private final ExecutorService runners;
    private final ScheduledExecutorService scheduler;
    private final Leases leases;
    private final Duration lease;
    /** The runs this node is carrying out now. */
    private final Set<String> carrying = ConcurrentHashMap.newKeySet();

    @Activate
    public BillingRuns(@Reference Database db, @Reference RecurringBilling recurring, @Reference TenantService tenants,
            @Reference TenantServices licences, @Reference Dunning dunning,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=automated_billing)") MigratedSchema schema,
            @Reference Leases leases, AutomatedBillingConfig config) {
        this.db = db;
        this.recurring = recurring;
        this.tenants = tenants;
        this.licences = licences;
        this.dunning = dunning;
        this.leases = leases;
        this.lease = Duration.ofSeconds(Math.max(3, config.runLeaseSeconds()));
        this.clock = Clock.systemUTC();
        this.defaults = SettingsStore.defaults(config);
        this.chunkSize = Math.max(1, config.chunkSize());
        AtomicInteger n = new AtomicInteger();
        this.runners = Executors.newFixedThreadPool(Math.max(1, config.runnerThreads()), r -> {
            Thread t = new Thread(r, "dotmac-billing-run-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dotmac-billing-schedule");
            t.setDaemon(true);
            return t;
        });
        long look = Math.max(1, lease.toSeconds() / 3);
        scheduler.scheduleWithFixedDelay(this::takeOrphans, 0, look, TimeUnit.SECONDS);
        int tick = Math.max(1, config.schedulerTickSeconds());
        scheduler.scheduleWithFixedDelay(this::startScheduledRuns, tick, tick, TimeUnit.SECONDS);
    }

    @Deactivate
    void stop() throws InterruptedException {
        scheduler.shutdownNow();
        runners.shutdownNow(); // an interrupted run stays RUNNING and goes on from its cursor at the next start
        runners.awaitTermination(10, TimeUnit.SECONDS);
    }


    // ---- the service

    @Override
    public BillingRun start(TenantRef tenant, LocalDate date, boolean confirmAhead) {
        licences.check(tenant, PLUGIN);
        LocalDate today = today(tenant);
        LocalDate runDate = date != null ? date : today;
        if (runDate.isBefore(today.minusYears(1)) || runDate.isAfter(today.plusYears(1))) {
            throw new ValidationException("date", "must be within a year of today (" + today + ")");
        }
        if (runDate.isAfter(today.plusMonths(1)) && !confirmAhead) {
            throw new ValidationException("confirmAhead", "must be true for a run dated more than a month ahead ("
                    + runDate + "): it invoices every subscription due by then, in advance");
        }
        BillingRun run = create(tenant, runDate, Trigger.MANUAL, null);
        claimAndSubmit(tenant, run.id(), runDate, null);
        return run;
    }

    /** Today in the tenant's billing time zone. */
    private LocalDate today(TenantRef tenant) {
        return LocalDate.now(clock.withZone(ZoneId.of(settings(tenant).timeZone())));
    }

    /** Inserts a RUNNING run, unless the tenant has one running (409). */
    private BillingRun create(TenantRef tenant, LocalDate date, Trigger trigger, String scheduleKey) {
        return db.inTenant(tenant, c -> {
            lockTenant(c, tenant);
            String running = RunStore.running(c, tenant);
            if (running != null) {
                throw new ConflictException("Billing run '" + running + "' of this tenant is still running");
            }
            BillingRun run = new BillingRun(Ids.next(), date, trigger, Status.RUNNING, recurring.countDue(tenant, date),
                    0, 0, 0, clock.instant().truncatedTo(ChronoUnit.MILLIS), null, null, List.of());
            RunStore.insert(c, tenant, run, scheduleKey);
            return run;
        });
    }

    /** Takes the tenant's settings row lock (creating the row with the defaults), so run starts take turns. */
    private void lockTenant(Connection c, TenantRef tenant) throws SQLException {
        SettingsStore.lockOrCreate(c, tenant, defaults, clock.instant());
    }

    @Override
    public BillingRun get(TenantRef tenant, String id) {
        return db.inTenant(tenant, c -> {
            BillingRun run = RunStore.find(c, tenant, id).run();
            return withFailures(run, RunStore.failures(c, tenant, id));
        });
    }

    private static BillingRun withFailures(BillingRun r, List<Failure> failures) {
        return new BillingRun(r.id(), r.date(), r.trigger(), r.status(), r.total(), r.done(), r.failed(), r.invoices(),
                r.startedAt(), r.finishedAt(), r.message(), failures);
    }

    @Override
    public Page<BillingRun> list(TenantRef tenant, int limit, String cursor) {
        PagedQuery query = PagedQuery.of(RunStore.COLUMNS, "dotmac_billing_run", tenant.id());
        return db.inTenant(tenant, c -> {
            Page<RunStore.Row> rows = query.fetch(c, RunStore::read, r -> r.run().id(), limit, cursor);
            return new Page<>(rows.items().stream().map(RunStore.Row::run).toList(), rows.nextCursor());
        });
    }

    @Override
    public BillingSettings settings(TenantRef tenant) {
        SettingsStore.Stored stored = db.inTenant(tenant, c -> SettingsStore.find(c, tenant, false));
        return stored == null ? defaults : stored.settings();
    }

    @Override
    public BillingSettings updateSettings(TenantRef tenant, BillingSettings changes) {
        return db.inTenant(tenant, c -> {
            // the row is made first (a concurrent activation may be making it too), then changed
            SettingsStore.Stored before = SettingsStore.lockOrCreate(c, tenant, defaults, clock.instant());
            BillingSettings after = SettingsStore.validate(changes, before.settings());
            SettingsStore.write(c, tenant, before.active(), after, before, clock.instant());
            return after;
        });
    }

    @Override
    public BillingCredit addCredit(TenantRef tenant, BillingCredit.Input credit) {
        licences.check(tenant, PLUGIN);
        Currency currency = Currency.getInstance(tenants.get(tenant.id()).currency());
        long minor = CreditStore.validate(credit, currency);
        try {
            return db.inTenant(tenant, c -> {
                BillingCredit known = CreditStore.byKey(c, tenant, credit.key());
                return known != null ? known
                        : CreditStore.insert(c, tenant, credit, minor, currency, clock.instant().truncatedTo(
                                ChronoUnit.MILLIS));
            });
        } catch (DataAccessException e) {
            if (e.uniqueViolation()) { // added by another caller meanwhile: the first one stands
                return db.inTenant(tenant, c -> CreditStore.byKey(c, tenant, credit.key()));
            }
            throw e;
        }
    }

    @Override
    public List<BillingCredit> credits(TenantRef tenant, String subscriptionId) {
        licences.check(tenant, PLUGIN);
        return db.inTenant(tenant, c -> CreditStore.list(c, tenant, subscriptionId));
    }

    /** Marks the plugin active or not for the tenant: only active tenants have scheduled runs. */
    void setActive(TenantRef tenant, boolean active) {
        db.inTenant(tenant, c -> {
            SettingsStore.Stored before = SettingsStore.lockOrCreate(c, tenant, defaults, clock.instant());
            SettingsStore.write(c, tenant, active, before.settings(), before, clock.instant());
            return null;
        });
    }

    // ---- the schedule

    /** Starts the day's run of every active, entitled tenant whose run time has come and who has none yet. */
    void startScheduledRuns() {
        try {
            List<SettingsStore.Stored> all = db.acrossTenants(SettingsStore::all);
            for (SettingsStore.Stored s : all) {
                if (!s.active() || !s.settings().scheduled()) {
                    continue;
                }
                Optional<Tenant> tenant = tenants.find(s.tenantId());
                if (tenant.isEmpty() || !entitled(tenant.get().ref())) {
                    continue;
                }
                // today's run, once its time has come, unless the schedule began after that time: a new schedule
                // starts at its next occurrence, and only a run missed while DotMac was down is caught up
                LocalDate day = ZonedDateTime.now(clock.withZone(s.zone())).toLocalDate();
                if (!s.dueOn(day, clock.instant())) {
                    continue;
                }
                startScheduled(tenant.get().ref(), day);
            }
        } catch (RuntimeException e) {
            // the next tick tries again; a failing database must not end the schedule
            LOG.warn("Could not start the scheduled billing runs: {}", e.toString());
        }
    }

    private void startScheduled(TenantRef tenant, LocalDate day) {
        BillingRun run;
        try {
            run = db.inTenant(tenant, c -> {
                lockTenant(c, tenant);
                if (RunStore.running(c, tenant) != null || scheduledExists(c, tenant, day)) {
                    return null;
                }
                BillingRun r = new BillingRun(Ids.next(), day, Trigger.SCHEDULED, Status.RUNNING,
                        recurring.countDue(tenant, day), 0, 0, 0, clock.instant().truncatedTo(ChronoUnit.MILLIS), null,
                        null, List.of());
                RunStore.insert(c, tenant, r, day.toString());
                return r;
            });
        } catch (DataAccessException e) {
            if (e.uniqueViolation()) {
                return; // another node started it
            }
            throw e;
        }
        if (run != null) {
            LOG.info("Scheduled billing run {} of tenant {} for {}", run.id(), tenant.slug(), day);
            claimAndSubmit(tenant, run.id(), day, null);
        }
    }

    private static boolean scheduledExists(Connection c, TenantRef tenant, LocalDate day) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM dotmac_billing_run WHERE tenant_id = ? "
                + "AND schedule_key = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, day.toString());
            try (var rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Whether the tenant has the plugin; an outage of licensing is not a no, it is thrown. */
    private boolean entitled(TenantRef tenant) {
        try {
            licences.check(tenant, PLUGIN);
            return true;
        } catch (UnavailableException e) {
            throw e;
        } catch (DotMacException e) {
            return false;
        }
    }

    /**
     * Takes the RUNNING runs no node carries out: interrupted by a stop, a crash or an outage here, or left by a node
     * that stopped renewing their lease.
     */
    void takeOrphans() {
        try {
            for (RunStore.Row row : db.acrossTenants(RunStore::allRunning)) {
                String id = row.run().id();
                if (carrying.contains(id)) {
                    continue;
                }
                Optional<Tenant> tenant = tenants.find(row.tenantId());
                if (tenant.isPresent() && claim(id)) {
                    LOG.info("Taking billing run {} of tenant {} on from subscription {}", id, tenant.get().slug(),
                            row.cursor());
                    submit(tenant.get().ref(), id, row.run().date(), row.cursor());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not look for billing runs to take on: {}", e.toString());
        }
    }

    private static String leaseName(String runId) {
        return "billing-run:" + runId;
    }

    /** Takes the run's lease and marks it carried here; whether this node carries it out now. */
    private boolean claim(String runId) {
        if (!carrying.add(runId)) {
            return false;
        }
        boolean held;
        try {
            held = leases.acquire(leaseName(runId), lease);
        } catch (RuntimeException e) {
            carrying.remove(runId);
            throw e;
        }
        if (!held) {
            carrying.remove(runId);
        }
        return held;
    }

    private void claimAndSubmit(TenantRef tenant, String runId, LocalDate date, String cursor) {
        try {
            if (claim(runId)) {
                submit(tenant, runId, date, cursor);
            }
        } catch (RuntimeException e) {
            // the lease could not be written: the run is RUNNING, and a node takes it at its next look
            LOG.warn("Billing run {} waits for the next look: {}", runId, e.toString());
        }
    }

    // ---- carrying a run out

    private void submit(TenantRef tenant, String runId, LocalDate date, String cursor) {
        try {
            runners.execute(() -> {
                try {
                    carryOut(tenant, runId, date, cursor);
                } finally {
                    carrying.remove(runId);
                }
            });
        } catch (RejectedExecutionException e) {
            carrying.remove(runId);
            LOG.info("Billing run {} waits for the next start: the plugin is stopping", runId);
        }
    }

    /** Whether a failure is an outage to wait out (licensing or the database away), not the run's own. */
    private static boolean outage(RuntimeException e) {
        if (e instanceof UnavailableException) {
            return true;
        }
        if (e instanceof DataAccessException d) {
            String state = d.sqlState();
            return d.transientFailure() || (state != null && state.startsWith("08"));
        }
        return false;
    }

    private void carryOut(TenantRef tenant, String runId, LocalDate date, String from) {
        String cursor = from;
        int collisions = 0;
        try {
            while (true) {
                if (Thread.currentThread().isInterrupted()) {
                    return; // stopping: the lease runs out, and the run goes on from its cursor
                }
                if (!leases.acquire(leaseName(runId), lease)) {
                    LOG.warn("Billing run {}: its lease went to another node; this node stops carrying it out",
                            runId);
                    return;
                }
                if (!entitled(tenant)) {
                    finish(tenant, runId, Status.STOPPED, "The tenant no longer has " + PLUGIN);
                    release(runId);
                    return;
                }
                String next;
                try {
                    next = chunk(tenant, runId, date, cursor);
                } catch (ConflictException e) {
                    if (++collisions >= CHUNK_ATTEMPTS) {
                        throw e;
                    }
                    continue; // another run billed some of these first: look again
                } catch (DataAccessException e) {
                    if (!e.uniqueViolation() || ++collisions >= CHUNK_ATTEMPTS) {
                        throw e;
                    }
                    continue;
                }
                if (next == null) {
                    break;
                }
                cursor = next;
                collisions = 0;
            }
            recurring.endCancelled(tenant, date);
            // dunning acts on what is overdue today: a run dated ahead bills ahead, and suspends nobody for it
            LocalDate today = today(tenant);
            dunning.run(tenant, date.isAfter(today) ? today : date, settings(tenant));
            finish(tenant, runId, Status.COMPLETED, null);
            release(runId);
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            if (outage(e)) {
                LOG.warn("Billing run {} of tenant {} waits: {}; it goes on from its cursor at the next look",
                        runId, tenant.slug(), e.getMessage());
                release(runId);
                return;
            }
            LOG.error("Billing run {} of tenant {} failed", runId, tenant.slug(), e);
            finish(tenant, runId, Status.FAILED, "The run stopped: " + e.getMessage());
            release(runId);
        }
    }

    private void release(String runId) {
        try {
            leases.release(leaseName(runId));
        } catch (RuntimeException e) {
            LOG.debug("Lease of billing run {} not given up ({}); it runs out", runId, e.toString());
        }
    }

    private void finish(TenantRef tenant, String runId, Status status, String message) {
        db.inTenant(tenant, c -> {
            RunStore.finish(c, tenant, runId, status, message);
            return null;
        });
        Metrics.TenantCounter counter = finished;
        if (counter != null) {
            counter.increment(tenant, status.name());
        }
    }

    /** Runs that ended, by how, while the metrics service is there. */
    private volatile Metrics.TenantCounter finished;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMetrics(Metrics metrics) {
        finished = metrics.tenantCounter("billing_runs", "Billing runs that ended, by status (COMPLETED, FAILED, "
                + "STOPPED: the tenant lost automated_billing)", "status");
    }

    void unbindMetrics(Metrics metrics) {
        finished = null;
    }

    /**
     * Bills the next chunk of due subscriptions after {@code cursor}, all in one transaction.
     *
     * @return the new cursor, or {@code null} when nothing was due
     */
    String chunk(TenantRef tenant, String runId, LocalDate date, String cursor) {
        Tenant current = tenants.get(tenant.id());
        Currency currency = Currency.getInstance(current.currency());
        Integer anchorDay = settings(tenant).anchorDay();
        return db.inTenant(tenant, c -> {
            List<DueSubscription> due = recurring.lockDue(tenant, date, cursor, chunkSize);
            if (due.isEmpty()) {
                return null;
            }
            List<Charge> charges = new ArrayList<>();
            List<Failure> failures = new ArrayList<>();
            for (DueSubscription s : due) {
                if (s.customerClosed()) {
                    failures.add(new Failure(s.id(), "customer '" + s.customerId() + "' is closed"));
                } else if (s.plan() == null) {
                    failures.add(new Failure(s.id(), "its plan is missing"));
                } else if (!s.plan().currency().equals(currency.getCurrencyCode())) {
                    failures.add(new Failure(s.id(), "plan '" + s.plan().id() + "' is priced in "
                            + s.plan().currency() + ", the tenant bills in " + currency.getCurrencyCode()));
                } else {
                    charges.addAll(Charges.due(s, date, anchorDay, currency));
                }
            }
            // waiting credits (an SLA breach...) on each subscription's first invoice of the run
            java.util.Map<Charge, List<String>> applied = new java.util.HashMap<>();
            charges = CreditStore.apply(charges, CreditStore.lockPending(c, tenant,
                    charges.stream().map(Charge::subscriptionId).distinct().toList()), applied);
            List<IssuedCharge> issued = recurring.issue(tenant, date, runId, charges);
            CreditStore.invoiced(c, tenant, applied, issued);
            recordCharges(c, tenant, runId, issued);
            RunStore.addFailures(c, tenant, runId, failures);
            RunStore.progress(c, tenant, runId, due.size() - failures.size(), failures.size(), issued.size(),
                    due.get(due.size() - 1).id());
            return due.get(due.size() - 1).id();
        });
    }

    /** The exactly-once record: the primary key refuses a period billed before. */
    private void recordCharges(Connection c, TenantRef tenant, String runId, List<IssuedCharge> issued)
            throws SQLException {
        if (issued.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_billing_charge (tenant_id, subscription_id, "
                + "period_start, period_end, invoice_id, run_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (IssuedCharge i : issued) {
                s.setString(1, tenant.id());
                s.setString(2, i.subscriptionId());
                s.setObject(3, i.periodStart());
                s.setObject(4, i.periodEnd());
                s.setString(5, i.invoiceId());
                s.setString(6, runId);
                s.setTimestamp(7, Timestamp.from(now));
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
