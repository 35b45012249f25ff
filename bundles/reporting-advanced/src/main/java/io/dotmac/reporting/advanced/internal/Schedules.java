package io.dotmac.reporting.advanced.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.cronutils.model.time.ExecutionTime;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dotmac.notifications.email.EmailAttachment;
import io.dotmac.notifications.email.EmailEvent;
import io.dotmac.notifications.email.EmailNotifications;
import io.dotmac.persistence.Database;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.persistence.PagedQuery;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.PluginDisabledException;
import io.dotmac.platform.api.PluginNotLicensedException;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.reporting.advanced.ReportDelivery;
import io.dotmac.reporting.advanced.ReportSchedule;
import io.dotmac.reporting.advanced.ReportSchedules;
import io.dotmac.reporting.basic.Report;
import io.dotmac.reporting.basic.web.Csv;
import io.dotmac.reporting.basic.web.ReportResponses;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantService;
import io.dotmac.tenant.TenantStatus;

/**
 * Scheduled reports: the schedules (validated by running the report once), and the scheduler that delivers them.
 * Every {@code scheduleTickSeconds} it claims the due schedules (on PostgreSQL with {@code FOR UPDATE SKIP LOCKED},
 * so each due time is claimed by one node), moves each to its next firing after now (runs missed while the instance
 * was down are caught up once, not once per missed time), records a delivery per (schedule, due time), which a unique
 * key keeps single, and then delivers: computes the report for the tenant (licensing layer 2 for advanced_reporting
 * and for the report's own plugin), renders its CSV and its chart as PNG, and queues one e-mail per recipient
 * through email_notifications (reached through layer 2 too). Without that plugin the delivery is NOT_DELIVERED and
 * says why.
 */
@Component(service = { ReportSchedules.class, Schedules.class }, immediate = true,
        configurationPid = AdvancedReportingConfig.PID)
@Designate(ocd = AdvancedReportingConfig.class)
public class Schedules implements ReportSchedules {

    private static final Logger LOG = LoggerFactory.getLogger(Schedules.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    static final String EMAIL_PLUGIN = "email_notifications";
    private static final String COLUMNS = "id, name, report, parameters, cron, time_zone, recipients, enabled, "
            + "next_run_at, created_at, updated_at";
    private static final String DELIVERY_COLUMNS = "id, schedule_id, due_at, status, detail, attachments, "
            + "created_at, finished_at";

    private final Database db;
    private final TenantServices services;
    private final TenantService tenants;
    private final ReportRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private volatile AdvancedReportingConfig config;
    private final ScheduledExecutorService ticker;

    @Activate
    public Schedules(@Reference Database db, @Reference TenantServices services, @Reference TenantService tenants,
            @Reference ReportRegistry registry,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=advanced_reporting)") MigratedSchema schema,
            AdvancedReportingConfig config) {
        this.db = db;
        this.services = services;
        this.tenants = tenants;
        this.registry = registry;
        this.config = config;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dotmac-report-scheduler");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, 1, Math.max(1, config.scheduleTickSeconds()), TimeUnit.SECONDS);
    }

    @Modified
    void modified(AdvancedReportingConfig config) {
        this.config = config;
    }

    @Deactivate
    void stop() throws InterruptedException {
        ticker.shutdownNow();
        ticker.awaitTermination(10, TimeUnit.SECONDS);
    }

    // ---- schedules

    /** A validated input. */
    private record Valid(String name, String report, Map<String, String> parameters, String cron, ZoneId zone,
            List<String> recipients, boolean enabled, ExecutionTime execution) {
    }

    private Valid validate(TenantRef tenant, ReportSchedule.Input in) {
        if (in == null) {
            throw new ValidationException("report", "a schedule is required");
        }
        List<FieldError> errors = new ArrayList<>();
        String report = in.report() == null ? null : in.report().strip();
        Optional<ReportRegistry.Entry> entry = Optional.empty();
        if (report == null || report.isEmpty()) {
            errors.add(new FieldError("report", "is required"));
        } else {
            entry = registry.get(report);
            if (entry.isEmpty()) {
                errors.add(new FieldError("report", "must be one of " + registry.names()));
            }
        }
        String name = in.name() == null || in.name().isBlank() ? report : in.name().strip();
        if (name != null && name.length() > 200) {
            errors.add(new FieldError("name", "must be at most 200 characters"));
        }
        Map<String, String> parameters = in.parameters() == null ? Map.of() : new LinkedHashMap<>(in.parameters());
        parameters.forEach((k, v) -> {
            if (k.length() > 64 || v == null || v.length() > 200) {
                errors.add(new FieldError("parameters." + k, "must be a name of at most 64 characters with a value "
                        + "of at most 200"));
            }
        });
        if (json(parameters).length() > 2000) {
            errors.add(new FieldError("parameters", "must take at most 2000 characters as JSON"));
        }
        ZoneId zone = ZoneId.of("UTC");
        if (in.timeZone() != null && !in.timeZone().isBlank()) {
            try {
                zone = ZoneId.of(in.timeZone().strip());
            } catch (DateTimeException e) {
                errors.add(new FieldError("timeZone", "must be a time zone such as Europe/Berlin or UTC"));
            }
        }
        String cron = in.cron() == null ? null : in.cron().strip().replaceAll("\\s+", " ");
        ExecutionTime execution = null;
        if (cron == null || cron.isEmpty()) {
            errors.add(new FieldError("cron", "is required: minute hour day-of-month month day-of-week, such as "
                    + "\"0 7 1 * *\" (07:00 on the first of each month)"));
        } else {
            try {
                execution = Crons.parse(cron);
                Duration gap = Crons.shortestGap(execution, zone, clock.instant(), 50);
                int min = Math.max(1, config.minIntervalMinutes());
                if (gap == null) {
                    errors.add(new FieldError("cron", "never fires"));
                } else if (gap.compareTo(Duration.ofMinutes(min)) < 0) {
                    errors.add(new FieldError("cron", "fires every " + gap.toMinutes() + " minutes; at most once "
                            + "every " + min + " minutes is allowed"));
                }
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("cron", "is not a five-field cron expression: " + e.getMessage()));
            }
        }
        List<String> recipients = in.recipients() == null ? List.of() : in.recipients();
        if (recipients.isEmpty()) {
            errors.add(new FieldError("recipients", "at least one address is required"));
        } else if (recipients.size() > config.maxRecipients()) {
            errors.add(new FieldError("recipients", "at most " + config.maxRecipients() + " addresses"));
        } else {
            for (int i = 0; i < recipients.size(); i++) {
                String r = recipients.get(i);
                if (r == null || r.length() > 254 || !EMAIL.matcher(r.strip()).matches()) {
                    errors.add(new FieldError("recipients[" + i + "]", "must be an e-mail address"));
                }
            }
        }
        if (entry.isPresent()) {
            // the parameters are checked by running the report once for the tenant, as the schedule will
            services.check(tenant, entry.get().plugin());
            try {
                entry.get().source().generate(tenant, parameters);
                if (ChartedReports.CHARTS.containsKey(report)) {
                    Charts.Size.of(parameters);
                }
            } catch (ValidationException e) {
                e.errors().forEach(err -> errors.add(new FieldError("parameters." + err.field(), err.message())));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new Valid(name, report, parameters, cron, zone, recipients.stream().map(String::strip).toList(),
                in.enabled() == null || in.enabled(), execution);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Timestamp nextRun(Valid v) {
        return v.enabled() ? Crons.next(v.execution(), v.zone(), clock.instant()).map(Timestamp::from).orElse(null)
                : null;
    }

    @Override
    public ReportSchedule create(TenantRef tenant, ReportSchedule.Input input) {
        Valid v = validate(tenant, input);
        String id = Ids.next();
        Timestamp now = Timestamp.from(clock.instant());
        db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM dotmac_report_schedule "
                    + "WHERE tenant_id = ?")) {
                s.setString(1, tenant.id());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= config.maxSchedulesPerTenant()) {
                        throw new ConflictException("A tenant has at most " + config.maxSchedulesPerTenant()
                                + " scheduled reports; delete one first");
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_report_schedule (id, tenant_id, name, "
                    + "report, parameters, cron, time_zone, recipients, enabled, next_run_at, created_at, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, id);
                s.setString(2, tenant.id());
                bind(s, 3, v);
                s.setTimestamp(11, now);
                s.setTimestamp(12, now);
                s.executeUpdate();
            }
            return null;
        });
        return get(tenant, id);
    }

    /** Binds name .. next_run_at (8 values) from {@code first}. */
    private void bind(PreparedStatement s, int first, Valid v) throws SQLException {
        s.setString(first, v.name());
        s.setString(first + 1, v.report());
        s.setString(first + 2, json(v.parameters()));
        s.setString(first + 3, v.cron());
        s.setString(first + 4, v.zone().getId());
        s.setString(first + 5, json(v.recipients()));
        s.setBoolean(first + 6, v.enabled());
        s.setTimestamp(first + 7, nextRun(v));
    }

    @Override
    public ReportSchedule replace(TenantRef tenant, String id, ReportSchedule.Input input) {
        get(tenant, id);
        Valid v = validate(tenant, input);
        db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_report_schedule SET name = ?, report = ?, "
                    + "parameters = ?, cron = ?, time_zone = ?, recipients = ?, enabled = ?, next_run_at = ?, "
                    + "updated_at = ? WHERE tenant_id = ? AND id = ?")) {
                bind(s, 1, v);
                s.setTimestamp(9, Timestamp.from(clock.instant()));
                s.setString(10, tenant.id());
                s.setString(11, id);
                if (s.executeUpdate() == 0) {
                    throw notFound(id);
                }
            }
            return null;
        });
        return get(tenant, id);
    }

    @Override
    public void delete(TenantRef tenant, String id) {
        db.inTenant(tenant, c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM dotmac_report_delivery WHERE tenant_id = ? "
                    + "AND schedule_id = ?");
                    PreparedStatement s = c.prepareStatement("DELETE FROM dotmac_report_schedule "
                            + "WHERE tenant_id = ? AND id = ?")) {
                d.setString(1, tenant.id());
                d.setString(2, id);
                d.executeUpdate();
                s.setString(1, tenant.id());
                s.setString(2, id);
                if (s.executeUpdate() == 0) {
                    throw notFound(id);
                }
            }
            return null;
        });
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("Scheduled report '" + id + "' not found");
    }

    @Override
    public ReportSchedule get(TenantRef tenant, String id) {
        return db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM dotmac_report_schedule "
                    + "WHERE tenant_id = ? AND id = ?")) {
                s.setString(1, tenant.id());
                s.setString(2, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw notFound(id);
                    }
                    ReportSchedule schedule = read(rs);
                    return withLast(c, tenant, List.of(schedule)).get(0);
                }
            }
        });
    }

    @Override
    public Page<ReportSchedule> list(TenantRef tenant, int limit, String cursor) {
        return db.inTenant(tenant, c -> {
            Page<ReportSchedule> page = PagedQuery.of(COLUMNS, "dotmac_report_schedule", tenant.id())
                    .fetch(c, Schedules::read, ReportSchedule::id, limit, cursor);
            return new Page<>(withLast(c, tenant, page.items()), page.nextCursor());
        });
    }

    private static ReportSchedule read(ResultSet rs) throws SQLException {
        try {
            Timestamp next = rs.getTimestamp(9);
            return new ReportSchedule(rs.getString(1), rs.getString(2), rs.getString(3),
                    JSON.readValue(rs.getString(4), new TypeReference<LinkedHashMap<String, String>>() { }),
                    rs.getString(5), rs.getString(6),
                    JSON.readValue(rs.getString(7), new TypeReference<List<String>>() { }), rs.getBoolean(8),
                    next == null ? null : next.toInstant(), null, rs.getTimestamp(10).toInstant(),
                    rs.getTimestamp(11).toInstant());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable schedule", e);
        }
    }

    private static List<ReportSchedule> withLast(Connection c, TenantRef tenant, List<ReportSchedule> schedules)
            throws SQLException {
        if (schedules.isEmpty()) {
            return schedules;
        }
        Map<String, ReportDelivery> last = new HashMap<>();
        String in = String.join(", ", Collections.nCopies(schedules.size(), "?"));
        try (PreparedStatement s = c.prepareStatement("SELECT " + DELIVERY_COLUMNS + " FROM dotmac_report_delivery "
                + "WHERE tenant_id = ? AND schedule_id IN (" + in + ") ORDER BY created_at, id")) {
            s.setString(1, tenant.id());
            for (int i = 0; i < schedules.size(); i++) {
                s.setString(i + 2, schedules.get(i).id());
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ReportDelivery d = readDelivery(rs);
                    last.put(d.scheduleId(), d);
                }
            }
        }
        return schedules.stream().map(r -> new ReportSchedule(r.id(), r.name(), r.report(), r.parameters(),
                r.cron(), r.timeZone(), r.recipients(), r.enabled(), r.nextRunAt(), last.get(r.id()), r.createdAt(),
                r.updatedAt())).toList();
    }

    private static ReportDelivery readDelivery(ResultSet rs) throws SQLException {
        Timestamp due = rs.getTimestamp(3);
        Timestamp finished = rs.getTimestamp(8);
        return new ReportDelivery(rs.getString(1), rs.getString(2), due == null ? null : due.toInstant(),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(),
                finished == null ? null : finished.toInstant());
    }

    @Override
    public List<ReportDelivery> deliveries(TenantRef tenant, String id, int limit) {
        return deliveries(tenant, id, limit, null).items();
    }

    @Override
    public Page<ReportDelivery> deliveries(TenantRef tenant, String id, int limit, String cursor) {
        get(tenant, id);
        if (cursor != null && !cursor.matches("[0-9a-z]{26}")) {
            throw new ValidationException("cursor", "must be a nextCursor of an earlier page");
        }
        int size = Math.max(1, limit);
        return db.inTenant(tenant, c -> {
            List<ReportDelivery> out = new ArrayList<>();
            // ids grow with time: newest first is id order, descending, and a page ends where the next one starts
            try (PreparedStatement s = c.prepareStatement("SELECT " + DELIVERY_COLUMNS + " FROM dotmac_report_delivery "
                    + "WHERE tenant_id = ? AND schedule_id = ?" + (cursor == null ? "" : " AND id < ?")
                    + " ORDER BY id DESC")) {
                s.setString(1, tenant.id());
                s.setString(2, id);
                if (cursor != null) {
                    s.setString(3, cursor);
                }
                s.setMaxRows(size + 1);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(readDelivery(rs));
                    }
                }
            }
            boolean more = out.size() > size; // one row more than the page was read: there is a next page
            List<ReportDelivery> page = List.copyOf(out.subList(0, Math.min(size, out.size())));
            return new Page<>(page, more ? page.get(page.size() - 1).id() : null);
        });
    }

    @Override
    public ReportDelivery runNow(TenantRef tenant, String id) {
        ReportSchedule schedule = get(tenant, id);
        String deliveryId = Ids.next();
        db.inTenant(tenant, c -> {
            insertDelivery(c, tenant.id(), id, deliveryId, null);
            return null;
        });
        deliver(tenant, schedule, deliveryId);
        return deliveries(tenant, id, 50).stream().filter(d -> d.id().equals(deliveryId)).findFirst()
                .orElseThrow();
    }

    private void insertDelivery(Connection c, String tenantId, String scheduleId, String id, Timestamp due)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_report_delivery (id, tenant_id, schedule_id, "
                + "due_at, status, created_at) VALUES (?, ?, ?, ?, 'RUNNING', ?)")) {
            s.setString(1, id);
            s.setString(2, tenantId);
            s.setString(3, scheduleId);
            s.setTimestamp(4, due);
            s.setTimestamp(5, Timestamp.from(clock.instant()));
            s.executeUpdate();
        }
    }

    // ---- the scheduler

    /** A schedule claimed for one of its due times. */
    private record Claimed(String tenantId, String scheduleId, String deliveryId) {
    }

    void tick() {
        try {
            for (Claimed claimed : claim()) {
                Optional<Tenant> tenant = tenants.find(claimed.tenantId());
                if (tenant.isEmpty()) {
                    continue;
                }
                ReportSchedule schedule;
                try {
                    schedule = get(tenant.get().ref(), claimed.scheduleId());
                } catch (NotFoundException gone) {
                    continue;
                }
                if (tenant.get().status() != TenantStatus.ACTIVE) {
                    finish(tenant.get().ref(), claimed.deliveryId(), "NOT_DELIVERED", "the tenant is "
                            + tenant.get().status(), null);
                    continue;
                }
                deliver(tenant.get().ref(), schedule, claimed.deliveryId());
            }
        } catch (RuntimeException e) {
            LOG.warn("Scheduled reports could not be looked at now: {}", e.toString());
        }
    }

    /** Claims the due schedules: moves each to its next firing and records a delivery for the time it was due. */
    private List<Claimed> claim() {
        Instant now = clock.instant();
        return db.acrossTenants(c -> {
            List<Claimed> claimed = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, tenant_id, cron, time_zone, next_run_at "
                    + "FROM dotmac_report_schedule WHERE enabled = TRUE AND next_run_at <= ? ORDER BY next_run_at, id "
                    + "LIMIT 100 " + (db.vendor().equals("postgresql") ? "FOR UPDATE SKIP LOCKED" : "FOR UPDATE"));
                    PreparedStatement move = c.prepareStatement("UPDATE dotmac_report_schedule SET next_run_at = ? "
                            + "WHERE id = ?")) {
                s.setTimestamp(1, Timestamp.from(now));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString(1);
                        String tenantId = rs.getString(2);
                        Timestamp due = rs.getTimestamp(5);
                        Timestamp next;
                        try {
                            next = Crons.next(Crons.parse(rs.getString(3)), ZoneId.of(rs.getString(4)), now)
                                    .map(Timestamp::from).orElse(null);
                        } catch (RuntimeException e) {
                            next = null; // cannot happen for a validated schedule; stop it rather than loop
                        }
                        move.setTimestamp(1, next);
                        move.setString(2, id);
                        move.executeUpdate();
                        String deliveryId = Ids.next();
                        insertDelivery(c, tenantId, id, deliveryId, due);
                        claimed.add(new Claimed(tenantId, id, deliveryId));
                    }
                }
            }
            return claimed;
        });
    }

    /** Computes the report, renders its files and queues the e-mails; records how it went. */
    private void deliver(TenantRef tenant, ReportSchedule schedule, String deliveryId) {
        List<EmailAttachment> files = new ArrayList<>();
        try {
            services.check(tenant, AdvancedReports.PLUGIN);
            ReportRegistry.Entry entry = registry.get(schedule.report()).orElseThrow(() -> new ConflictException(
                    "The report '" + schedule.report() + "' is not installed"));
            services.check(tenant, entry.plugin());
            Report report = entry.source().generate(tenant, schedule.parameters());
            String file = ReportResponses.fileName(report);
            files.add(new EmailAttachment(file + ".csv", "text/csv; charset=UTF-8",
                    Csv.write(report).getBytes(StandardCharsets.UTF_8)));
            String note = "";
            ChartedReports.ChartMaker chart = ChartedReports.CHARTS.get(report.name());
            if (chart != null) {
                try {
                    files.add(new EmailAttachment(file + ".png", "image/png",
                            Charts.png(chart.apply(report, Charts.Size.of(schedule.parameters()),
                                    registry.palette(tenant)))));
                } catch (ValidationException e) {
                    note = "; no chart: " + e.getMessage();
                }
            }
            String names = String.join(", ", files.stream().map(EmailAttachment::filename).toList());
            Optional<EmailNotifications> mail;
            try {
                mail = services.service(tenant, EMAIL_PLUGIN, EmailNotifications.class);
            } catch (PluginNotLicensedException | PluginDisabledException e) {
                finish(tenant, deliveryId, "NOT_DELIVERED", "no e-mail: " + e.getMessage(), names);
                return;
            }
            if (mail.isEmpty()) {
                finish(tenant, deliveryId, "NOT_DELIVERED", "no e-mail: the plugin '" + EMAIL_PLUGIN
                        + "' is not installed", names);
                return;
            }
            Map<String, String> variables = new LinkedHashMap<>();
            variables.put("report", report.name());
            variables.put("from", report.parameters().getOrDefault("from", ""));
            variables.put("to", report.parameters().getOrDefault("to", ""));
            variables.put("parameters", schedule.parameters().isEmpty() ? "defaults"
                    : String.join(", ", schedule.parameters().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue()).toList()));
            variables.put("schedule", schedule.name());
            variables.put("attachments", names);
            List<String> ids = mail.get().queue(tenant, EmailEvent.REPORT, schedule.recipients(), variables, files);
            finish(tenant, deliveryId, "QUEUED", ids.size() + " e-mail" + (ids.size() == 1 ? "" : "s")
                    + " queued" + note, names);
        } catch (DotMacException e) {
            finish(tenant, deliveryId, "FAILED", e.getMessage(), null);
        } catch (RuntimeException e) {
            LOG.error("Scheduled report {} of tenant {} failed", schedule.id(), tenant.id(), e);
            finish(tenant, deliveryId, "FAILED", "internal error: " + e.getClass().getSimpleName(), null);
        }
    }

    private void finish(TenantRef tenant, String deliveryId, String status, String detail, String attachments) {
        db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_report_delivery SET status = ?, detail = ?, "
                    + "attachments = ?, finished_at = ? WHERE tenant_id = ? AND id = ?")) {
                s.setString(1, status);
                s.setString(2, detail == null ? null : detail.substring(0, Math.min(1000, detail.length())));
                s.setString(3, attachments == null ? null
                        : attachments.substring(0, Math.min(1000, attachments.length())));
                s.setTimestamp(4, Timestamp.from(clock.instant()));
                s.setString(5, tenant.id());
                s.setString(6, deliveryId);
                s.executeUpdate();
            }
            return null;
        });
    }
}
