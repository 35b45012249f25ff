package io.dotmac.automation.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dotmac.persistence.ClusterChanges;
import io.dotmac.automation.Automation;
import io.dotmac.automation.DryRun;
import io.dotmac.automation.Rule;
import io.dotmac.automation.RuleRun;
import io.dotmac.persistence.Database;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.persistence.PagedQuery;
import io.dotmac.persistence.TransactionalEventListener;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.platform.api.ValidationException;

/**
 * The rules of each tenant, and the writing side of their run queue: a {@link TransactionalEventListener} on all
 * our events. In the transaction of the change that caused an event, it tests the conditions of the tenant's enabled
 * rules on that topic (kept compiled in memory) and writes one run per rule that matches, so a run exists exactly
 * when the change commits. A run caused by a rule's own actions carries the chain of rules that led to it: a rule
 * met again in its chain, or a chain longer than {@code maxChainDepth}, is {@code LOOP_STOPPED}. Runs beyond the
 * tenant's {@code maxRunsPerMinute} are {@code RATE_LIMITED}. Nothing is written for a tenant without the plugin.
 */
@Component(service = { Automation.class, TransactionalEventListener.class, RuleStore.class },
        property = TransactionalEventListener.TOPICS + "=io/dotmac/*", configurationPid = AutomationConfig.PID)
@Designate(ocd = AutomationConfig.class)
public class RuleStore implements Automation, TransactionalEventListener {

    /** The kind of {@link ClusterChanges} told and heard: a tenant's rules (key: the tenant id) changed. */
    static final String RULES_CHANGED = "automation-rules";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ClusterChanges changes;

    /** Another node changed it: this node reads it again when next needed. */
    void changed(String key) {
        cache.remove(key);
    }

    void reloadAll() {
        cache.clear();
    }

    /** Tells every node (this one too) to forget {@code key}. */
    private void tell(String key) {
        ClusterChanges c = changes;
        if (c != null) {
            c.changed(RULES_CHANGED, key);
        }
    }


    static final String PLUGIN = "advanced_automation";
    static final int MAX_ACTIONS = 10;
    static final int MAX_EVENT = 16000;
    static final List<String> RUN_STATUSES = List.of("PENDING", "RUNNING", "SUCCEEDED", "FAILED", "SKIPPED",
            "LOOP_STOPPED", "RATE_LIMITED");
    static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final Logger LOG = LoggerFactory.getLogger(RuleStore.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9_]*)\\s*}}");
    private static final String COLUMNS = "id, name, description, enabled, topic, cron, time_zone, conditions, "
            + "actions, next_run_at, created_at, updated_at";

    /**
     * The run whose actions are running on this thread, set by {@link RuleRunner}: what an event published now was
     * caused by. Our services publish inside the action's transaction, on its thread, so the listener sees it; an
     * event published later on another thread would not carry it, and the rate limit is then the backstop.
     */
    private final ThreadLocal<Cause> cause = new ThreadLocal<>();

    /** The run being executed and the rules that led to it, its own last. */
    record Cause(String runId, List<String> chain) {
    }

    /** A rule as the engine uses it. */
    record Compiled(String id, String name, boolean enabled, String topic, Conditions.Test test,
            List<Rule.Action> actions) {
    }

    /** A tenant's enabled event rules by topic, and every rule by id, as loaded at {@code loadedAt}. */
    private record TenantRules(long loadedAt, Map<String, List<Compiled>> byTopic, Map<String, Compiled> byId) {
    }

    private final Database db;
    private final TenantServices licences;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, TenantRules> cache = new ConcurrentHashMap<>();
    private final RateLimiter limiter = new RateLimiter();
    private volatile AutomationConfig config;

    @Activate
    public RuleStore(@Reference Database db, @Reference TenantServices licences,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=advanced_automation)") MigratedSchema schema,
            AutomationConfig config) {
        this.db = db;
        this.licences = licences;
        modified(config);
    }

    @Modified
    void modified(AutomationConfig config) {
        this.config = config;
        cache.clear();
    }

    AutomationConfig config() {
        return config;
    }

    TenantServices licences() {
        return licences;
    }

    // ---- validation

    private record Valid(String name, String description, boolean enabled, String topic, String cron, String zone,
            String conditions, String actions, Instant nextRunAt) {
    }

    private Valid validate(TenantRef tenant, Rule.Input in) {
        if (in == null) {
            throw new ValidationException("name", "a rule is required");
        }
        List<FieldError> errors = new ArrayList<>();
        String name = in.name() == null ? null : in.name().strip();
        if (name == null || name.isEmpty()) {
            errors.add(new FieldError("name", "is required"));
        } else if (name.length() > 100) {
            errors.add(new FieldError("name", "must be at most 100 characters"));
        }
        String description = in.description() == null ? null : in.description().strip();
        if (description != null && description.length() > 500) {
            errors.add(new FieldError("description", "must be at most 500 characters"));
        }
        Rule.Trigger trigger = in.trigger();
        String topic = null;
        String cron = null;
        String zone = null;
        Instant next = null;
        Map<String, EventCatalogue.Type> fields = Map.of();
        if (trigger == null || (trigger.topic() == null) == (trigger.cron() == null)) {
            errors.add(new FieldError("trigger", "needs either topic (one of our events) or cron"));
        } else if (trigger.topic() != null) {
            topic = trigger.topic().strip();
            if (trigger.zone() != null) {
                errors.add(new FieldError("trigger.zone", "goes with cron only"));
            }
            if (!EventCatalogue.triggerTopics().contains(topic)) {
                errors.add(new FieldError("trigger.topic", "'" + topic + "' is not one of our events: "
                        + EventCatalogue.triggerTopics()));
            } else {
                fields = EventCatalogue.fields(topic);
            }
        } else {
            cron = trigger.cron().strip().replaceAll("\\s+", " ");
            zone = trigger.zone() == null ? "UTC" : trigger.zone().strip();
            fields = EventCatalogue.fields(EventCatalogue.SCHEDULED);
            ZoneId zoneId = ZoneOffset.UTC;
            try {
                zoneId = ZoneId.of(zone);
            } catch (DateTimeException e) {
                errors.add(new FieldError("trigger.zone", "'" + zone + "' is not a time zone, such as Europe/Berlin"));
            }
            try {
                next = Crons.next(cron, zoneId, clock.instant()).orElse(null);
                if (next == null) {
                    errors.add(new FieldError("trigger.cron", "never fires"));
                }
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("trigger.cron", "is not a five-field cron expression (minute hour "
                        + "day-of-month month day-of-week): " + e.getMessage()));
            }
        }
        Conditions.compile(in.conditions(), fields, errors);
        List<Rule.Action> actions = in.actions() == null ? List.of() : in.actions();
        if (actions.isEmpty() || actions.size() > MAX_ACTIONS) {
            errors.add(new FieldError("actions", "needs 1 to " + MAX_ACTIONS + " actions"));
        }
        for (int i = 0; i < actions.size(); i++) {
            Actions.validate(tenant, actions.get(i), "actions[" + i + "]", fields, licences, errors);
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        boolean enabled = in.enabled() == null || in.enabled();
        return new Valid(name, description, enabled, topic, cron, zone,
                in.conditions() == null ? null : json(in.conditions()), json(actions), enabled ? next : null);
    }

    /** The placeholders of {@code text} that are not fields of the event; adds an error naming {@code path}. */
    static void placeholders(String text, String path, Map<String, EventCatalogue.Type> fields,
            List<FieldError> errors) {
        if (text == null) {
            return;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        int plain = 0;
        StringBuilder rest = new StringBuilder();
        while (m.find()) {
            rest.append(text, plain, m.start());
            plain = m.end();
            String name = m.group(1);
            if (!fields.containsKey(name) && !Actions.RULE_VARIABLES.contains(name)) {
                errors.add(new FieldError(path, "{{" + name + "}} is not a field of the trigger's event; it has "
                        + fields.keySet().stream().sorted().toList() + " and " + Actions.RULE_VARIABLES));
            }
        }
        rest.append(text.substring(plain));
        if (rest.indexOf("{{") >= 0) {
            errors.add(new FieldError(path, "has a {{ that is not a placeholder such as {{customerId}}"));
        }
    }

    /** {@code text} with its placeholders replaced by the event's values (empty when absent). */
    static String render(String text, Map<String, Object> event) {
        if (text == null || text.indexOf('{') < 0) {
            return text;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object v = event.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "" : v instanceof Collection<?> c
                    ? String.join(",", c.stream().map(String::valueOf).toList()) : String.valueOf(v)));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- rules

    @Override
    public Rule create(TenantRef tenant, Rule.Input input) {
        Valid v = validate(tenant, input);
        String id = Ids.next();
        Timestamp now = Timestamp.from(clock.instant());
        db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM dotmac_automation_rule "
                    + "WHERE tenant_id = ?")) {
                s.setString(1, tenant.id());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= config.maxRulesPerTenant()) {
                        throw new ConflictException("A tenant may have at most " + config.maxRulesPerTenant()
                                + " rules");
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_automation_rule (id, tenant_id, name, "
                    + "description, enabled, topic, cron, time_zone, conditions, actions, next_run_at, created_at, "
                    + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, id);
                s.setString(2, tenant.id());
                bind(s, 3, v);
                s.setTimestamp(12, now);
                s.setTimestamp(13, now);
                s.executeUpdate();
            }
            return null;
        });
        forget(tenant);
        return get(tenant, id);
    }

    private static void bind(PreparedStatement s, int first, Valid v) throws SQLException {
        s.setString(first, v.name());
        s.setString(first + 1, v.description());
        s.setBoolean(first + 2, v.enabled());
        s.setString(first + 3, v.topic());
        s.setString(first + 4, v.cron());
        s.setString(first + 5, v.zone());
        s.setString(first + 6, v.conditions());
        s.setString(first + 7, v.actions());
        s.setTimestamp(first + 8, v.nextRunAt() == null ? null : Timestamp.from(v.nextRunAt()));
    }

    @Override
    public Rule replace(TenantRef tenant, String id, Rule.Input input) {
        get(tenant, id);
        Valid v = validate(tenant, input);
        db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_automation_rule SET name = ?, "
                    + "description = ?, enabled = ?, topic = ?, cron = ?, time_zone = ?, conditions = ?, actions = ?, "
                    + "next_run_at = ?, updated_at = ? WHERE tenant_id = ? AND id = ?")) {
                bind(s, 1, v);
                s.setTimestamp(10, Timestamp.from(clock.instant()));
                s.setString(11, tenant.id());
                s.setString(12, id);
                if (s.executeUpdate() == 0) {
                    throw notFound(id);
                }
            }
            return null;
        });
        forget(tenant);
        return get(tenant, id);
    }

    @Override
    public void delete(TenantRef tenant, String id) {
        db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM dotmac_automation_rule WHERE tenant_id = ? "
                    + "AND id = ?")) {
                s.setString(1, tenant.id());
                s.setString(2, id);
                if (s.executeUpdate() == 0) {
                    throw notFound(id);
                }
            }
            return null;
        });
        forget(tenant);
    }

    @Override
    public Rule setEnabled(TenantRef tenant, String id, boolean enabled) {
        Rule rule = get(tenant, id);
        Instant next = null;
        if (enabled && rule.trigger().cron() != null) {
            next = Crons.next(rule.trigger().cron(), ZoneId.of(rule.trigger().zone()), clock.instant()).orElse(null);
        }
        Instant nextRun = next;
        db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_automation_rule SET enabled = ?, "
                    + "next_run_at = ?, updated_at = ? WHERE tenant_id = ? AND id = ?")) {
                s.setBoolean(1, enabled);
                s.setTimestamp(2, nextRun == null ? null : Timestamp.from(nextRun));
                s.setTimestamp(3, Timestamp.from(clock.instant()));
                s.setString(4, tenant.id());
                s.setString(5, id);
                s.executeUpdate();
            }
            return null;
        });
        forget(tenant);
        return get(tenant, id);
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("Rule '" + id + "' not found");
    }

    @Override
    public Rule get(TenantRef tenant, String id) {
        return db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM dotmac_automation_rule "
                    + "WHERE tenant_id = ? AND id = ?")) {
                s.setString(1, tenant.id());
                s.setString(2, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw notFound(id);
                    }
                    return read(rs);
                }
            }
        });
    }

    @Override
    public Page<Rule> list(TenantRef tenant, int limit, String cursor) {
        return db.inTenant(tenant, c -> PagedQuery.of(COLUMNS, "dotmac_automation_rule", tenant.id())
                .fetch(c, RuleStore::read, Rule::id, limit, cursor));
    }

    private static Rule read(ResultSet rs) throws SQLException {
        Timestamp next = rs.getTimestamp(10);
        String topic = rs.getString(5);
        return new Rule(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                new Rule.Trigger(topic, rs.getString(6), rs.getString(7)), conditions(rs.getString(8)),
                actions(rs.getString(9)), next == null ? null : next.toInstant(), rs.getTimestamp(11).toInstant(),
                rs.getTimestamp(12).toInstant());
    }

    static Rule.Condition conditions(String json) {
        try {
            return json == null ? null : JSON.readValue(json, Rule.Condition.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable conditions", e);
        }
    }

    static List<Rule.Action> actions(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<Rule.Action>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable actions", e);
        }
    }

    /** Runs {@code work} (a run's action) with {@code current} as the cause of the events it publishes. */
    <T> T causing(Cause current, java.util.function.Supplier<T> work) {
        cause.set(current);
        try {
            return work.get();
        } finally {
            cause.remove();
        }
    }

    // ---- the compiled rules of a tenant

    /** Drops this node's compiled rules of {@code tenant}: a change applies to the next event. */
    void forget(TenantRef tenant) {
        cache.remove(tenant.id());
        tell(tenant.id());
    }

    private TenantRules rules(TenantRef tenant) {
        TenantRules rules = cache.get(tenant.id());
        long now = System.nanoTime();
        if (rules == null || now - rules.loadedAt() > config.ruleCacheSeconds() * 1_000_000_000L) {
            rules = load(tenant, now);
            cache.put(tenant.id(), rules);
        }
        return rules;
    }

    private TenantRules load(TenantRef tenant, long now) {
        List<Rule> all = db.inTenant(tenant, c -> {
            List<Rule> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM dotmac_automation_rule "
                    + "WHERE tenant_id = ? ORDER BY id")) {
                s.setString(1, tenant.id());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                }
            }
            return out;
        });
        Map<String, List<Compiled>> byTopic = new HashMap<>();
        Map<String, Compiled> byId = new HashMap<>();
        for (Rule r : all) {
            String topic = r.trigger().topic() != null ? r.trigger().topic() : EventCatalogue.SCHEDULED;
            List<FieldError> errors = new ArrayList<>();
            Conditions.Test test = Conditions.compile(r.conditions(), EventCatalogue.fields(topic), errors);
            if (!errors.isEmpty()) {
                LOG.warn("Rule {} of tenant {} no longer compiles and does not run: {}", r.id(), tenant.slug(), errors);
                continue;
            }
            Compiled compiled = new Compiled(r.id(), r.name(), r.enabled(), topic, test, r.actions());
            byId.put(r.id(), compiled);
            if (r.enabled() && r.trigger().topic() != null) {
                byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(compiled);
            }
        }
        return new TenantRules(now, byTopic, byId);
    }

    /** The rule {@code id} of {@code tenant} as it runs now, or null when it is gone. */
    Compiled compiled(TenantRef tenant, String id) {
        return rules(tenant).byId().get(id);
    }

    // ---- the queue's writing side

    @Override
    public void inTransaction(TenantRef tenant, String topic, Map<String, Object> properties) {
        List<Compiled> candidates = rules(tenant).byTopic().get(topic);
        if (candidates == null || candidates.isEmpty()) {
            return;
        }
        Map<String, Object> event = event(properties);
        List<Compiled> matched = new ArrayList<>();
        for (Compiled rule : candidates) {
            if (rule.test().test(event, null)) {
                matched.add(rule);
            }
        }
        if (!matched.isEmpty()) {
            queue(tenant, topic, event, matched);
        }
    }

    /** The event's fields as stored and tested: the tenant's id left out, values JSON can hold. */
    static Map<String, Object> event(Map<String, Object> properties) {
        Map<String, Object> event = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            if (e.getKey().equals("tenant")) {
                continue;
            }
            Object v = e.getValue();
            if (v instanceof Object[] array) {
                v = java.util.Arrays.stream(array).map(String::valueOf).toList();
            } else if (v instanceof Collection<?> many) {
                v = many.stream().map(String::valueOf).toList();
            } else if (v != null && !(v instanceof Number) && !(v instanceof Boolean)) {
                v = String.valueOf(v);
            }
            event.put(e.getKey(), v);
        }
        return event;
    }

    /**
     * Writes one run of each of {@code rules} for the event, in the caller's transaction: PENDING, or LOOP_STOPPED
     * when the event came from the rule's own chain, or RATE_LIMITED.
     */
    void queue(TenantRef tenant, String topic, Map<String, Object> event, List<Compiled> rules) {
        Cause current = cause.get();
        List<String> chain = current == null ? List.of() : current.chain();
        String payload = json(event);
        if (payload.length() > MAX_EVENT) {
            payload = json(Map.of("truncated", true, "tenantSlug", tenant.slug()));
        }
        Timestamp now = Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MILLIS));
        String eventJson = payload;
        // ids of one millisecond are in no order: sorted, they keep the runs of one event in the rules' order (the
        // order they were created), which is the order they are claimed and run in
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            ids.add(Ids.next());
        }
        Collections.sort(ids);
        db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_automation_run (id, tenant_id, rule_id, "
                    + "topic, event, status, reason, attempts, next_action, chain, next_attempt_at, created_at, "
                    + "finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?)")) {
                for (int r = 0; r < rules.size(); r++) {
                    Compiled rule = rules.get(r);
                    String status = "PENDING";
                    String reason = null;
                    if (chain.contains(rule.id())) {
                        status = "LOOP_STOPPED";
                        reason = "loop: the event came from this rule's own actions, through " + names(tenant, chain)
                                + "; it did not run again";
                    } else if (chain.size() >= config.maxChainDepth()) {
                        status = "LOOP_STOPPED";
                        reason = "chain too long: " + chain.size() + " rules triggered one another ("
                                + names(tenant, chain) + "); at most " + config.maxChainDepth();
                    } else if (!limiter.acquire(tenant.id(), config.maxRunsPerMinute())) {
                        status = "RATE_LIMITED";
                        reason = "the tenant started more than " + config.maxRunsPerMinute() + " runs in the last "
                                + "minute; this one did not run";
                    }
                    s.setString(1, ids.get(r));
                    s.setString(2, tenant.id());
                    s.setString(3, rule.id());
                    s.setString(4, topic);
                    s.setString(5, eventJson);
                    s.setString(6, status);
                    s.setString(7, reason);
                    s.setString(8, String.join(",", chain));
                    s.setTimestamp(9, now);
                    s.setTimestamp(10, now);
                    s.setTimestamp(11, status.equals("PENDING") ? null : now);
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    private String names(TenantRef tenant, List<String> chain) {
        List<String> names = new ArrayList<>();
        for (String id : chain) {
            Compiled r = compiled(tenant, id);
            names.add(r == null ? id : "'" + r.name() + "'");
        }
        return String.join(" -> ", names);
    }

    // ---- dry run

    @Override
    public DryRun dryRun(TenantRef tenant, String id, Map<String, Object> sample) {
        Rule rule = get(tenant, id);
        String topic = rule.trigger().topic() != null ? rule.trigger().topic() : EventCatalogue.SCHEDULED;
        Map<String, EventCatalogue.Type> fields = EventCatalogue.fields(topic);
        Map<String, Object> event = sample == null ? Map.of() : sample;
        List<FieldError> errors = new ArrayList<>();
        for (String field : event.keySet()) {
            if (!fields.containsKey(field)) {
                errors.add(new FieldError("event." + field, "is not a field of " + topic + "; it has "
                        + fields.keySet().stream().sorted().toList()));
            }
        }
        Conditions.Test test = Conditions.compile(rule.conditions(), fields, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Map<String, Object> withRule = new HashMap<>(event(event));
        withRule.putIfAbsent("tenantSlug", tenant.slug());
        List<String> trace = new ArrayList<>();
        boolean matched = test.test(withRule, trace);
        if (rule.conditions() == null) {
            trace.add("no conditions: every event matches");
        }
        List<DryRun.Step> steps = new ArrayList<>();
        Map<String, Object> variables = Actions.variables(withRule, topic, rule.id(), rule.name());
        for (int i = 0; i < rule.actions().size(); i++) {
            Rule.Action a = rule.actions().get(i);
            steps.add(new DryRun.Step(i, a.type(), Actions.describe(a, variables),
                    Actions.refusal(tenant, a, licences)));
        }
        return new DryRun(matched, trace, steps);
    }

    // ---- runs

    private static final String RUN_COLUMNS = "id, rule_id, topic, event, status, reason, attempts, chain, "
            + "next_attempt_at, created_at, finished_at, outcomes, lease_until";

    @Override
    public Page<RuleRun> runs(TenantRef tenant, String ruleId, String status, int limit, String cursor) {
        if (status != null && !RUN_STATUSES.contains(status)) {
            throw new ValidationException("status", "must be one of " + RUN_STATUSES);
        }
        if (ruleId != null) {
            get(tenant, ruleId);
        }
        String after = Page.key(cursor);
        Timestamp now = Timestamp.from(clock.instant());
        return db.inTenant(tenant, c -> {
            StringBuilder sql = new StringBuilder("SELECT " + RUN_COLUMNS + " FROM dotmac_automation_run "
                    + "WHERE tenant_id = ?");
            List<String> args = new ArrayList<>(List.of(tenant.id()));
            if (ruleId != null) {
                sql.append(" AND rule_id = ?");
                args.add(ruleId);
            }
            // a leased PENDING run is RUNNING
            List<Object> moments = new ArrayList<>();
            if ("RUNNING".equals(status)) {
                sql.append(" AND status = 'PENDING' AND lease_until > ?");
                moments.add(now);
            } else if ("PENDING".equals(status)) {
                sql.append(" AND status = 'PENDING' AND (lease_until IS NULL OR lease_until <= ?)");
                moments.add(now);
            } else if (status != null) {
                sql.append(" AND status = ?");
                args.add(status);
            }
            if (after != null) {
                sql.append(" AND id < ?");
            }
            sql.append(" ORDER BY id DESC");
            List<RuleRun> fetched = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                int p = 1;
                for (String a : args) {
                    s.setString(p++, a);
                }
                for (Object m : moments) {
                    s.setTimestamp(p++, (Timestamp) m);
                }
                if (after != null) {
                    s.setString(p, after);
                }
                s.setMaxRows(limit + 1);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        fetched.add(readRun(rs));
                    }
                }
            }
            return Page.of(fetched, limit, RuleRun::id);
        });
    }

    @Override
    public RuleRun run(TenantRef tenant, String runId) {
        return db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM dotmac_automation_run "
                    + "WHERE tenant_id = ? AND id = ?")) {
                s.setString(1, tenant.id());
                s.setString(2, runId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new NotFoundException("Run '" + runId + "' not found");
                    }
                    return readRun(rs);
                }
            }
        });
    }

    private RuleRun readRun(ResultSet rs) throws SQLException {
        Map<String, Object> event;
        try {
            event = JSON.readValue(rs.getString(4), new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable event", e);
        }
        String chain = rs.getString(8);
        String status = rs.getString(5);
        Timestamp lease = rs.getTimestamp(13);
        if (status.equals("PENDING") && lease != null && lease.toInstant().isAfter(clock.instant())) {
            status = "RUNNING";
        }
        Timestamp finished = rs.getTimestamp(11);
        return new RuleRun(rs.getString(1), rs.getString(2), rs.getString(3), event, status, rs.getString(6),
                rs.getInt(7), chain.isEmpty() ? List.of() : List.of(chain.split(",")),
                status.equals("PENDING") ? rs.getTimestamp(9).toInstant() : null, rs.getTimestamp(10).toInstant(),
                finished == null ? null : finished.toInstant(), Outcomes.read(rs.getString(12)).view());
    }
}
