package io.dotmac.automation.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.dotmac.automation.Rule;
import io.dotmac.persistence.Database;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantService;

/**
 * The executing side of the run queue, and the cron triggers. Claims due runs (on PostgreSQL with {@code FOR UPDATE
 * SKIP LOCKED}, so nodes never share one) under a lease, and runs each one's actions in order on
 * {@code workerThreads} threads, a tenant's runs of a batch in one transaction while none fails. Each action commits
 * together with the run's progress, so an action is done once:
 * a retry (after {@code retryBaseSeconds × 2^(attempt-1)}, at most {@code retryMaxSeconds}) goes on from the
 * action that failed. What a service refuses (a closed customer, a plugin the tenant lacks) fails the run at once;
 * anything else is retried until {@code maxAttempts}. While an action runs, {@link RuleStore#causing} names the
 * run's chain of rules, so the runs its events start know where they came from. Runs of a tenant that lost the
 * plugin, or of a rule disabled since, are SKIPPED. Cron rules that are due get a run each (missed firings are
 * caught up once) and move to their next firing. Finished runs older than {@code runRetentionDays} are deleted.
 */
@Component(immediate = true) // nobody asks for it: it works on its own
public class RuleRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RuleRunner.class);

    private final Database db;
    private final RuleStore store;
    private final TenantService tenants;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService ticker;
    private final ExecutorService workers;
    private volatile long lastCleanup;

    @Activate
    public RuleRunner(@Reference Database db, @Reference RuleStore store, @Reference TenantService tenants) {
        this.db = db;
        this.store = store;
        this.tenants = tenants;
        AutomationConfig config = store.config();
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(Math.max(1, config.workerThreads()), r -> {
            Thread t = new Thread(r, "dotmac-automation-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dotmac-automation-queue");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, 200, Math.max(20, config.pollMillis()), TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void stop() throws InterruptedException {
        ticker.shutdownNow();
        workers.shutdownNow();
        ticker.awaitTermination(10, TimeUnit.SECONDS);
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }

    void tick() {
        try {
            fireCrons();
            drain();
            if (System.nanoTime() - lastCleanup > TimeUnit.HOURS.toNanos(1)) {
                lastCleanup = System.nanoTime();
                cleanup();
            }
        } catch (RuntimeException e) {
            LOG.warn("Automation runs could not be processed now: {}", e.toString());
        }
    }

    /** A claimed run; {@code outcomes} its log so far (the JSON of {@link Outcomes}). */
    record Claimed(String id, String tenantId, String ruleId, String topic, String event, int attempt, int nextAction,
            List<String> chain, String outcomes) {
    }

    /** Runs batches until nothing is due. */
    void drain() {
        while (!Thread.currentThread().isInterrupted()) {
            List<Claimed> batch = claim();
            if (batch.isEmpty()) {
                return;
            }
            // a tenant's runs of the batch together: one transaction for all of them when none fails
            Map<String, List<Claimed>> byTenant = new LinkedHashMap<>();
            for (Claimed run : batch) {
                byTenant.computeIfAbsent(run.tenantId(), t -> new ArrayList<>()).add(run);
            }
            List<Future<?>> running = new ArrayList<>();
            for (List<Claimed> runs : byTenant.values()) {
                running.add(workers.submit(() -> executeAll(runs)));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException e) {
                    LOG.error("An automation run failed unexpectedly", e.getCause());
                }
            }
        }
    }

    private static final String CLAIMED_COLUMNS = "id, tenant_id, rule_id, topic, event, attempts, next_action, chain, "
            + "outcomes";

    private static Claimed claimed(ResultSet rs) throws java.sql.SQLException {
        String chain = rs.getString(8);
        return new Claimed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getInt(6), rs.getInt(7), chain.isEmpty() ? List.of() : List.of(chain.split(",")), rs.getString(9));
    }

    /**
     * Claims up to {@code batchSize} due runs: PENDING, due, and not leased (or their lease ran out), oldest first;
     * leases them and counts the attempt. A claim changes no indexed column, so on PostgreSQL it is a HOT update
     * (the table keeps free space for it), and the run stays PENDING in the table while it runs (the API shows it
     * as RUNNING while the lease holds). On PostgreSQL it is one statement: the runs locked with SKIP LOCKED in a
     * sub-select, leased and returned by the same UPDATE.
     */
    List<Claimed> claim() {
        AutomationConfig config = store.config();
        Instant now = clock.instant();
        int limit = Math.max(1, config.batchSize());
        Timestamp lease = Timestamp.from(now.plusSeconds(Math.max(10, config.leaseSeconds())));
        String select = "SELECT id FROM dotmac_automation_run WHERE status = 'PENDING' AND next_attempt_at <= ? "
                + "AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt_at, id LIMIT ?";
        return db.acrossTenants(c -> {
            List<Claimed> claimed = new ArrayList<>();
            if (db.vendor().equals("postgresql")) {
                try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_automation_run r SET "
                        + "attempts = r.attempts + 1, lease_until = ? FROM (" + select + " FOR UPDATE SKIP LOCKED) due "
                        + "WHERE r.id = due.id RETURNING r." + CLAIMED_COLUMNS.replace(", ", ", r."))) {
                    s.setTimestamp(1, lease);
                    s.setTimestamp(2, Timestamp.from(now));
                    s.setTimestamp(3, Timestamp.from(now));
                    s.setInt(4, limit);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            claimed.add(claimed(rs));
                        }
                    }
                }
            } else {
                List<String> ids = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement(select + " FOR UPDATE")) {
                    s.setTimestamp(1, Timestamp.from(now));
                    s.setTimestamp(2, Timestamp.from(now));
                    s.setInt(3, limit);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getString(1));
                        }
                    }
                }
                if (ids.isEmpty()) {
                    return claimed;
                }
                String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
                try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_automation_run SET "
                        + "attempts = attempts + 1, lease_until = ? WHERE id IN (" + in + ")")) {
                    s.setTimestamp(1, lease);
                    for (int i = 0; i < ids.size(); i++) {
                        s.setString(i + 2, ids.get(i));
                    }
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("SELECT " + CLAIMED_COLUMNS
                        + " FROM dotmac_automation_run WHERE id IN (" + in + ")")) {
                    for (int i = 0; i < ids.size(); i++) {
                        s.setString(i + 1, ids.get(i));
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            claimed.add(claimed(rs));
                        }
                    }
                }
            }
            claimed.sort(java.util.Comparator.comparing(Claimed::id));
            return claimed;
        });
    }

    /** What a claimed run needs to go on: its tenant, its rule as it is now, the event's variables. */
    private record Prepared(Claimed run, TenantRef tenant, RuleStore.Compiled rule, Map<String, Object> variables) {
    }

    /**
     * The run ready to go on, or null when it must not: finished here as SKIPPED (the tenant lost the plugin, the
     * rule is disabled) or FAILED (an unreadable event). {@code finish} false: only say so, change nothing.
     */
    private Prepared prepare(Claimed run, boolean finish) {
        Optional<Tenant> found = tenants.find(run.tenantId());
        if (found.isEmpty()) {
            return null; // the tenant is being deleted, and its runs with it
        }
        TenantRef tenant = found.get().ref();
        try {
            store.licences().check(tenant, RuleStore.PLUGIN);
        } catch (DotMacException e) {
            if (finish) {
                finish(tenant, run, "SKIPPED", "the tenant no longer has advanced_automation: " + e.getMessage());
            }
            return null;
        }
        RuleStore.Compiled rule = store.compiled(tenant, run.ruleId());
        if (rule == null || !rule.enabled()) {
            if (finish) {
                finish(tenant, run, "SKIPPED", "the rule was disabled before this run started");
            }
            return null;
        }
        try {
            Map<String, Object> event = RuleStore.JSON.readValue(run.event(),
                    new TypeReference<LinkedHashMap<String, Object>>() { });
            return new Prepared(run, tenant, rule, Actions.variables(event, run.topic(), rule.id(), rule.name()));
        } catch (JsonProcessingException e) {
            if (finish) {
                finish(tenant, run, "FAILED", "unreadable event: " + e.getOriginalMessage());
            }
            return null;
        }
    }

    /**
     * Runs a tenant's claimed runs: all of them in one transaction, with their outcomes and progress, when none
     * fails (the common case, and far fewer commits under load); otherwise, that transaction rolled back, each on
     * its own as {@link #execute} does.
     */
    void executeAll(List<Claimed> runs) {
        if (runs.size() > 1 && together(runs)) {
            return;
        }
        for (Claimed run : runs) {
            execute(run);
        }
    }

    private boolean together(List<Claimed> runs) {
        List<Prepared> prepared = new ArrayList<>();
        for (Claimed run : runs) {
            Prepared p = prepare(run, false);
            if (p == null) {
                return false;
            }
            prepared.add(p);
        }
        TenantRef tenant = prepared.get(0).tenant();
        try {
            db.inTenant(tenant, c -> {
                try (PreparedStatement done = c.prepareStatement("UPDATE dotmac_automation_run SET next_action = ?, "
                        + "outcomes = ?, status = 'SUCCEEDED', reason = NULL, finished_at = ?, lease_until = NULL "
                        + "WHERE tenant_id = ? AND id = ? AND attempts = ? AND next_action = ?")) {
                    for (Prepared p : prepared) {
                        Claimed run = p.run();
                        Outcomes log = Outcomes.read(run.outcomes());
                        List<Rule.Action> actions = p.rule().actions();
                        store.causing(new RuleStore.Cause(run.id(), chain(run, p.rule())), () -> {
                            for (int i = run.nextAction(); i < actions.size(); i++) {
                                Rule.Action action = actions.get(i);
                                long started = System.nanoTime();
                                String detail = Actions.execute(tenant, action, p.variables(), run.id(),
                                        store.licences());
                                log.add(i, action.type(), run.attempt(), "SUCCEEDED", detail, started, clock.instant());
                            }
                            return null;
                        });
                        done.setInt(1, Math.max(run.nextAction(), actions.size()));
                        done.setString(2, log.json());
                        done.setTimestamp(3, Timestamp.from(clock.instant()));
                        done.setString(4, tenant.id());
                        done.setString(5, run.id());
                        done.setInt(6, run.attempt());
                        done.setInt(7, run.nextAction());
                        done.addBatch();
                    }
                    for (int updated : done.executeBatch()) {
                        if (updated == 0) {
                            throw new LostLease(); // another worker has one of them now: each on its own
                        }
                    }
                }
                return null;
            });
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static List<String> chain(Claimed run, RuleStore.Compiled rule) {
        List<String> chain = new ArrayList<>(run.chain());
        chain.add(rule.id());
        return List.copyOf(chain);
    }

    /** Runs the claimed run's remaining actions, each in its own transaction with the run's progress. */
    void execute(Claimed run) {
        Prepared p = prepare(run, true);
        if (p == null) {
            return;
        }
        TenantRef tenant = p.tenant();
        Outcomes log = Outcomes.read(run.outcomes());
        List<Rule.Action> actions = p.rule().actions();
        if (actions.size() <= run.nextAction()) {
            finish(tenant, run, "SUCCEEDED", null);
            return;
        }
        for (int i = run.nextAction(); i < actions.size(); i++) {
            Rule.Action action = actions.get(i);
            int index = i;
            boolean last = i == actions.size() - 1;
            long started = System.nanoTime();
            try {
                db.inTenant(tenant, c -> {
                    String detail = store.causing(new RuleStore.Cause(run.id(), chain(run, p.rule())),
                            () -> Actions.execute(tenant, action, p.variables(), run.id(), store.licences()));
                    log.add(index, action.type(), run.attempt(), "SUCCEEDED", detail, started, clock.instant());
                    try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_automation_run SET next_action = ?, "
                            + "outcomes = ?" + (last ? ", status = 'SUCCEEDED', reason = NULL, finished_at = ?, "
                                    + "lease_until = NULL" : "")
                            + " WHERE tenant_id = ? AND id = ? AND attempts = ? AND next_action = ?")) {
                        int q = 1;
                        s.setInt(q++, index + 1);
                        s.setString(q++, log.json());
                        if (last) {
                            s.setTimestamp(q++, Timestamp.from(clock.instant()));
                        }
                        s.setString(q++, tenant.id());
                        s.setString(q++, run.id());
                        s.setInt(q++, run.attempt());
                        s.setInt(q, index);
                        if (s.executeUpdate() == 0) {
                            // another worker took the run over (our lease ran out): undo this action
                            throw new LostLease();
                        }
                    }
                    return null;
                });
            } catch (LostLease e) {
                return;
            } catch (RuntimeException e) {
                if (log.size() > 0 && log.last().index() == index && log.last().attempt() == run.attempt()
                        && "SUCCEEDED".equals(log.last().status())) {
                    log.removeLast(); // recorded in the transaction that rolled back
                }
                failed(tenant, run, log, index, action.type(), e, started);
                return;
            }
        }
    }

    /** Thrown to roll back an action whose run another worker has claimed since. */
    private static final class LostLease extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LostLease() {
            super(null, null, false, false);
        }
    }

    /**
     * Records a failed action: a refusal by a service ({@link DotMacException} other than
     * {@link UnavailableException}) fails the run at once, anything else is retried with backoff until
     * {@code maxAttempts}.
     */
    private void failed(TenantRef tenant, Claimed run, Outcomes log, int index, String type, RuntimeException e,
            long started) {
        AutomationConfig config = store.config();
        boolean permanent = e instanceof DotMacException && !(e instanceof UnavailableException);
        String message = e instanceof DotMacException ? e.getMessage() : e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (!(e instanceof DotMacException)) {
            LOG.warn("Action {} of run {} failed", index, run.id(), e);
        }
        boolean giveUp = permanent || run.attempt() >= config.maxAttempts();
        long wait = Math.min(Math.max(1, config.retryMaxSeconds()),
                Math.max(1, config.retryBaseSeconds()) * (1L << Math.min(20, run.attempt() - 1)));
        Instant now = clock.instant();
        String reason = "action " + index + " (" + type + ") failed" + (giveUp ? permanent ? "" : " "
                + run.attempt() + " times" : "; retry " + (run.attempt() + 1) + " at " + now.plusSeconds(wait)
                        .truncatedTo(ChronoUnit.SECONDS)) + ": " + message;
        log.add(index, type, run.attempt(), "FAILED", message, started, now);
        try {
            db.inTenant(tenant, c -> {
                try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_automation_run SET status = ?, "
                        + "reason = ?, outcomes = ?, next_attempt_at = ?, finished_at = ?, lease_until = NULL "
                        + "WHERE tenant_id = ? AND id = ? AND attempts = ?")) {
                    s.setString(1, giveUp ? "FAILED" : "PENDING");
                    s.setString(2, reason.length() > 1000 ? reason.substring(0, 997) + "..." : reason);
                    s.setString(3, log.json());
                    s.setTimestamp(4, Timestamp.from(giveUp ? now : now.plusSeconds(wait)));
                    s.setTimestamp(5, giveUp ? Timestamp.from(now) : null);
                    s.setString(6, tenant.id());
                    s.setString(7, run.id());
                    s.setInt(8, run.attempt());
                    s.executeUpdate();
                }
                return null;
            });
        } catch (RuntimeException again) {
            LOG.warn("Run {} could not record its failure (its lease will run out and it is retried): {}", run.id(),
                    again.toString());
        }
    }

    private void finish(TenantRef tenant, Claimed run, String status, String reason) {
        db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_automation_run SET status = ?, reason = ?, "
                    + "finished_at = ?, lease_until = NULL WHERE tenant_id = ? AND id = ? AND attempts = ?")) {
                s.setString(1, status);
                s.setString(2, reason);
                s.setTimestamp(3, Timestamp.from(clock.instant()));
                s.setString(4, tenant.id());
                s.setString(5, run.id());
                s.setInt(6, run.attempt());
                s.executeUpdate();
            }
            return null;
        });
    }

    // ---- cron rules

    /** Gives every due cron rule a run and moves it to its next firing. */
    void fireCrons() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        boolean pg = db.vendor().equals("postgresql");
        record Due(String id, String tenantId, String cron, String zone, Instant at) {
        }
        List<Due> due = db.acrossTenants(c -> {
            List<Due> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, tenant_id, cron, time_zone, next_run_at "
                    + "FROM dotmac_automation_rule WHERE next_run_at <= ? AND enabled = TRUE ORDER BY next_run_at "
                    + "LIMIT 500 " + (pg ? "FOR UPDATE SKIP LOCKED" : "FOR UPDATE"))) {
                s.setTimestamp(1, Timestamp.from(now));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Due(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getTimestamp(5).toInstant()));
                    }
                }
            }
            // move each to its next firing first, in this transaction: a node that fails below fires it once less,
            // never twice
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_automation_rule SET next_run_at = ? "
                    + "WHERE id = ?")) {
                for (Due d : out) {
                    Instant next = null;
                    try {
                        next = Crons.next(d.cron(), ZoneId.of(d.zone()), now).orElse(null);
                    } catch (RuntimeException e) {
                        LOG.warn("Rule {} has an unreadable cron and stops firing: {}", d.id(), e.toString());
                    }
                    s.setTimestamp(1, next == null ? null : Timestamp.from(next));
                    s.setString(2, d.id());
                    s.addBatch();
                }
                if (!out.isEmpty()) {
                    s.executeBatch();
                }
            }
            return out;
        });
        Map<String, TenantRef> refs = new HashMap<>();
        for (Due d : due) {
            TenantRef tenant = refs.computeIfAbsent(d.tenantId(), id -> tenants.find(id).map(Tenant::ref)
                    .orElse(null));
            if (tenant == null) {
                continue;
            }
            try {
                store.licences().check(tenant, RuleStore.PLUGIN);
            } catch (DotMacException e) {
                continue; // the rule is kept, and does not run
            }
            RuleStore.Compiled rule = store.compiled(tenant, d.id());
            if (rule == null || !rule.enabled()) {
                continue;
            }
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("tenantSlug", tenant.slug());
            event.put("scheduledAt", d.at().toString());
            if (!rule.test().test(event, null)) {
                continue;
            }
            try {
                store.queue(tenant, EventCatalogue.SCHEDULED, event, List.of(rule));
            } catch (RuntimeException e) {
                LOG.warn("Cron rule {} could not queue its run: {}", d.id(), e.toString());
            }
        }
    }

    /** Deletes finished runs older than {@code runRetentionDays}. */
    void cleanup() {
        Instant before = clock.instant().minus(Math.max(1, store.config().runRetentionDays()), ChronoUnit.DAYS);
        // ids begin with their creation time: a range of the primary key, not a scan (runs finish within hours)
        int deleted = db.acrossTenants(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM dotmac_automation_run WHERE id < ? "
                    + "AND finished_at IS NOT NULL")) {
                s.setString(1, io.dotmac.platform.api.Ids.floor(before.toEpochMilli()));
                return s.executeUpdate();
            }
        });
        if (deleted > 0) {
            LOG.info("Deleted {} automation runs finished before {}", deleted, before);
        }
    }
}
