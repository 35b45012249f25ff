package io.dotmac.sla.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.ValidationException;

/** The plugin's rows, read and written on the caller's connection (bound to the tenant). Validation lives here. */
final class SlaStore {

    static final int MAX_STEPS = 10;
    static final int MAX_MINUTES = 525_600;
    static final Duration MAX_WINDOW = Duration.ofDays(7);
    private static final Set<String> PRIORITIES = Set.of("LOW", "NORMAL", "HIGH", "URGENT");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SLA_COLUMNS = "id, name, plan_id, customer_id, availability_target, credits, "
            + "ticket_targets, created_at, updated_at";

    private SlaStore() {
    }

    // ---- agreements

    /** {@code input} checked, every field at fault named (the plan or customer existing is the caller's). */
    static Agreement validate(Agreement.Input input, String id, Instant now) {
        if (input == null) {
            throw new ValidationException("(body)", "must be a JSON object");
        }
        List<FieldError> errors = new ArrayList<>();
        String name = input.name() == null ? "" : input.name().strip();
        if (name.isEmpty() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("name", "must be one line of 1 to 200 characters"));
        }
        boolean plan = input.planId() != null && !input.planId().isBlank();
        boolean customer = input.customerId() != null && !input.customerId().isBlank();
        if (plan == customer) {
            errors.add(new FieldError("planId", "name exactly one of planId and customerId"));
        }
        BigDecimal target = percent(errors, "availabilityTarget", input.availabilityTarget(), false);
        List<Agreement.CreditStep> steps = new ArrayList<>();
        List<Agreement.CreditStep> credits = input.credits() == null ? List.of() : input.credits();
        if (credits.size() > MAX_STEPS) {
            errors.add(new FieldError("credits", "at most " + MAX_STEPS + " steps"));
        }
        Set<BigDecimal> thresholds = new HashSet<>();
        for (int i = 0; i < credits.size() && i < MAX_STEPS; i++) {
            Agreement.CreditStep step = credits.get(i);
            String field = "credits[" + i + "]";
            if (step == null) {
                errors.add(new FieldError(field, "must be an object {\"below\",\"percent\"}"));
                continue;
            }
            BigDecimal below = percent(errors, field + ".below", step.below(), false);
            BigDecimal share = percent(errors, field + ".percent", step.percent(), true);
            if (below != null && target != null && below.compareTo(target) > 0) {
                errors.add(new FieldError(field + ".below", "must not be above the availability target"));
            } else if (below != null && !thresholds.add(below.stripTrailingZeros())) {
                errors.add(new FieldError(field + ".below", "is given twice"));
            }
            if (below != null && share != null) {
                steps.add(new Agreement.CreditStep(below.stripTrailingZeros().toPlainString(),
                        share.stripTrailingZeros().toPlainString()));
            }
        }
        steps.sort((a, b) -> new BigDecimal(b.below()).compareTo(new BigDecimal(a.below())));
        Map<String, Agreement.TicketTarget> targets = new LinkedHashMap<>();
        if (input.ticketTargets() != null) {
            input.ticketTargets().forEach((priority, t) -> {
                String key = priority == null ? "" : priority.toUpperCase(Locale.ROOT);
                String field = "ticketTargets." + priority;
                if (!PRIORITIES.contains(key)) {
                    errors.add(new FieldError(field, "must be LOW, NORMAL, HIGH or URGENT"));
                } else if (t == null || (t.firstResponseMinutes() == null && t.resolutionMinutes() == null)) {
                    errors.add(new FieldError(field, "must name firstResponseMinutes or resolutionMinutes"));
                } else {
                    minutes(errors, field + ".firstResponseMinutes", t.firstResponseMinutes());
                    minutes(errors, field + ".resolutionMinutes", t.resolutionMinutes());
                    targets.put(key, t);
                }
            });
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new Agreement(id, name, plan ? input.planId().strip() : null,
                customer ? input.customerId().strip() : null, target.stripTrailingZeros().toPlainString(), steps,
                targets, now, now);
    }

    /** A percentage above 0 and at most 100 (below 100 for a target), four decimals at most. */
    private static BigDecimal percent(List<FieldError> errors, String field, String value, boolean hundred) {
        try {
            BigDecimal p = new BigDecimal(value == null ? "" : value.strip());
            if (p.signum() <= 0 || p.compareTo(BigDecimal.valueOf(100)) > 0 || p.stripTrailingZeros().scale() > 4
                    || (!hundred && p.compareTo(BigDecimal.valueOf(100)) >= 0)) {
                errors.add(new FieldError(field, "must be a percentage above 0 and " + (hundred ? "at most" : "below")
                        + " 100, with at most 4 decimals"));
                return null;
            }
            return p;
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, "must be a decimal number such as 99.9"));
            return null;
        }
    }

    private static void minutes(List<FieldError> errors, String field, Integer value) {
        if (value != null && (value < 1 || value > MAX_MINUTES)) {
            errors.add(new FieldError(field, "must be 1 to " + MAX_MINUTES + " minutes"));
        }
    }

    static void insert(Connection c, TenantRef tenant, Agreement a) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_sla (tenant_id, " + SLA_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, tenant.id());
            s.setString(2, a.id());
            bind(s, 3, a);
            s.setTimestamp(9, Timestamp.from(a.createdAt()));
            s.setTimestamp(10, Timestamp.from(a.updatedAt()));
            s.executeUpdate();
        }
    }

    static void update(Connection c, TenantRef tenant, Agreement a) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_sla SET name = ?, plan_id = ?, customer_id = ?, "
                + "availability_target = ?, credits = ?, ticket_targets = ?, updated_at = ? "
                + "WHERE tenant_id = ? AND id = ?")) {
            bind(s, 1, a);
            s.setTimestamp(7, Timestamp.from(a.updatedAt()));
            s.setString(8, tenant.id());
            s.setString(9, a.id());
            if (s.executeUpdate() == 0) {
                throw new NotFoundException("No SLA " + a.id());
            }
        }
    }

    /** Name, plan, customer, target, credits and ticket targets from parameter {@code i}. */
    private static void bind(PreparedStatement s, int i, Agreement a) throws SQLException {
        s.setString(i, a.name());
        s.setString(i + 1, a.planId());
        s.setString(i + 2, a.customerId());
        s.setBigDecimal(i + 3, new BigDecimal(a.availabilityTarget()));
        try {
            s.setString(i + 4, JSON.writeValueAsString(a.credits()));
            s.setString(i + 5, JSON.writeValueAsString(a.ticketTargets()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void delete(Connection c, TenantRef tenant, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM dotmac_sla WHERE tenant_id = ? AND id = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, id);
            if (s.executeUpdate() == 0) {
                throw new NotFoundException("No SLA " + id);
            }
        }
    }

    static Agreement get(Connection c, TenantRef tenant, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + SLA_COLUMNS + " FROM dotmac_sla "
                + "WHERE tenant_id = ? AND id = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("No SLA " + id);
                }
                return agreement(rs);
            }
        }
    }

    static List<Agreement> list(Connection c, TenantRef tenant) throws SQLException {
        List<Agreement> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + SLA_COLUMNS + " FROM dotmac_sla "
                + "WHERE tenant_id = ? ORDER BY id")) {
            s.setString(1, tenant.id());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(agreement(rs));
                }
            }
        }
        return out;
    }

    private static Agreement agreement(ResultSet rs) throws SQLException {
        try {
            return new Agreement(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getBigDecimal(5).stripTrailingZeros().toPlainString(),
                    JSON.readValue(rs.getString(6), new TypeReference<List<Agreement.CreditStep>>() { }),
                    JSON.readValue(rs.getString(7), new TypeReference<LinkedHashMap<String,
                            Agreement.TicketTarget>>() { }),
                    rs.getTimestamp(8).toInstant(), rs.getTimestamp(9).toInstant());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored SLA cannot be read", e);
        }
    }

    // ---- links

    static void putLink(Connection c, TenantRef tenant, Link link) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM dotmac_sla_link WHERE tenant_id = ? "
                + "AND subscription_id = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, link.subscriptionId());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_sla_link (tenant_id, subscription_id, "
                + "device_id, if_index, created_at) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, tenant.id());
            s.setString(2, link.subscriptionId());
            s.setString(3, link.deviceId());
            if (link.ifIndex() == null) {
                s.setNull(4, Types.INTEGER);
            } else {
                s.setInt(4, link.ifIndex());
            }
            s.setTimestamp(5, Timestamp.from(link.createdAt()));
            s.executeUpdate();
        }
    }

    static void deleteLink(Connection c, TenantRef tenant, String subscriptionId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM dotmac_sla_link WHERE tenant_id = ? "
                + "AND subscription_id = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, subscriptionId);
            if (s.executeUpdate() == 0) {
                throw new NotFoundException("Subscription " + subscriptionId + " is linked to no device");
            }
        }
    }

    /** The tenant's links by subscription. */
    static Map<String, Link> links(Connection c, TenantRef tenant) throws SQLException {
        Map<String, Link> out = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT subscription_id, device_id, if_index, created_at "
                + "FROM dotmac_sla_link WHERE tenant_id = ? ORDER BY subscription_id")) {
            s.setString(1, tenant.id());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    int ifIndex = rs.getInt(3);
                    out.put(rs.getString(1), new Link(rs.getString(1), rs.getString(2), rs.wasNull() ? null : ifIndex,
                            rs.getTimestamp(4).toInstant()));
                }
            }
        }
        return out;
    }

    // ---- maintenance

    static MaintenanceWindow validate(MaintenanceWindow.Input input, Instant now) {
        if (input == null) {
            throw new ValidationException("(body)", "must be a JSON object");
        }
        List<FieldError> errors = new ArrayList<>();
        Instant starts = instant(errors, "startsAt", input.startsAt());
        Instant ends = instant(errors, "endsAt", input.endsAt());
        if (starts != null && ends != null) {
            if (!starts.isBefore(ends)) {
                errors.add(new FieldError("endsAt", "must be after startsAt"));
            } else if (Duration.between(starts, ends).compareTo(MAX_WINDOW) > 0) {
                errors.add(new FieldError("endsAt", "a window lasts at most 7 days"));
            }
        }
        String reason = input.reason() == null ? "" : input.reason().strip();
        if (reason.isEmpty() || reason.length() > 500) {
            errors.add(new FieldError("reason", "must be 1 to 500 characters"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        String device = input.deviceId() == null || input.deviceId().isBlank() ? null : input.deviceId().strip();
        return new MaintenanceWindow(Ids.next(), device, starts, ends, reason, now);
    }

    private static Instant instant(List<FieldError> errors, String field, String value) {
        try {
            return Instant.parse(value == null ? "" : value.strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an instant such as 2026-12-06T02:00:00Z"));
            return null;
        }
    }

    static void insert(Connection c, TenantRef tenant, MaintenanceWindow w) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_sla_maintenance (tenant_id, id, device_id, "
                + "starts_at, ends_at, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, tenant.id());
            s.setString(2, w.id());
            s.setString(3, w.deviceId());
            s.setTimestamp(4, Timestamp.from(w.startsAt()));
            s.setTimestamp(5, Timestamp.from(w.endsAt()));
            s.setString(6, w.reason());
            s.setTimestamp(7, Timestamp.from(w.createdAt()));
            s.executeUpdate();
        }
    }

    static void deleteMaintenance(Connection c, TenantRef tenant, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM dotmac_sla_maintenance WHERE tenant_id = ? "
                + "AND id = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, id);
            if (s.executeUpdate() == 0) {
                throw new NotFoundException("No maintenance window " + id);
            }
        }
    }

    /** The windows overlapping {@code [from, to)}, in order. */
    static List<MaintenanceWindow> maintenance(Connection c, TenantRef tenant, Instant from, Instant to)
            throws SQLException {
        List<MaintenanceWindow> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, device_id, starts_at, ends_at, reason, created_at "
                + "FROM dotmac_sla_maintenance WHERE tenant_id = ? AND starts_at < ? AND ends_at > ? "
                + "ORDER BY starts_at, id")) {
            s.setString(1, tenant.id());
            s.setTimestamp(2, Timestamp.from(to));
            s.setTimestamp(3, Timestamp.from(from));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new MaintenanceWindow(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                            rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getTimestamp(6).toInstant()));
                }
            }
        }
        return out;
    }

    // ---- breaches and evaluations

    private static final String BREACH_COLUMNS = "id, sla_id, subject_id, customer_id, breach_month, kind, measured, "
            + "target, credit_minor, currency, credit_id, created_at";

    /**
     * Records {@code b} unless its subject, month and kind are recorded already (the unique key decides, whoever
     * evaluates at the same time); whether it was new.
     */
    static boolean insertBreach(Connection c, TenantRef tenant, Breach b, long creditMinor, String vendor)
            throws SQLException {
        boolean postgres = "postgresql".equals(vendor);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_sla_breach (tenant_id, " + BREACH_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)" + (postgres
                        ? " ON CONFLICT (tenant_id, subject_id, breach_month, kind) DO NOTHING" : ""))) {
            s.setString(1, tenant.id());
            s.setString(2, b.id());
            s.setString(3, b.slaId());
            s.setString(4, b.subjectId());
            s.setString(5, b.customerId());
            s.setString(6, b.month());
            s.setString(7, b.kind());
            s.setString(8, b.measured());
            s.setString(9, b.target());
            s.setLong(10, creditMinor);
            s.setString(11, b.currency());
            s.setTimestamp(12, Timestamp.from(b.createdAt()));
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            if (!postgres && "23505".equals(e.getSQLState())) {
                return false; // H2: a failed statement leaves its transaction usable
            }
            throw e;
        }
    }

    static void credited(Connection c, TenantRef tenant, String breachId, String creditId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_sla_breach SET credit_id = ? WHERE tenant_id = ? "
                + "AND id = ?")) {
            s.setString(1, creditId);
            s.setString(2, tenant.id());
            s.setString(3, breachId);
            s.executeUpdate();
        }
    }

    /** A stored breach with its credit in minor units. */
    record StoredBreach(Breach breach, long creditMinor) {
    }

    /** The breaches of {@code month} ({@code null}: every month), newest first. */
    static List<StoredBreach> breaches(Connection c, TenantRef tenant, String month) throws SQLException {
        List<StoredBreach> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + BREACH_COLUMNS + " FROM dotmac_sla_breach "
                + "WHERE tenant_id = ?" + (month == null ? "" : " AND breach_month = ?")
                + " ORDER BY breach_month DESC, id")) {
            s.setString(1, tenant.id());
            if (month != null) {
                s.setString(2, month);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String currency = rs.getString(10);
                    long minor = rs.getLong(9);
                    int digits = currency == null ? 2
                            : Math.max(0, java.util.Currency.getInstance(currency).getDefaultFractionDigits());
                    out.add(new StoredBreach(new Breach(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            BigDecimal.valueOf(minor, digits).toPlainString(), currency, rs.getString(11),
                            rs.getTimestamp(12).toInstant()), minor));
                }
            }
        }
        return out;
    }

    static boolean evaluated(Connection c, TenantRef tenant, String month) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM dotmac_sla_evaluation WHERE tenant_id = ? "
                + "AND eval_month = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, month);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    static void markEvaluated(Connection c, TenantRef tenant, String month, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM dotmac_sla_evaluation WHERE tenant_id = ? "
                + "AND eval_month = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, month);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_sla_evaluation (tenant_id, eval_month, "
                + "evaluated_at) VALUES (?, ?, ?)")) {
            s.setString(1, tenant.id());
            s.setString(2, month);
            s.setTimestamp(3, Timestamp.from(at));
            s.executeUpdate();
        }
    }

    /** The tenants that have agreements (the schedule's work list), across tenants. */
    static List<String> tenantsWithAgreements(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT tenant_id FROM dotmac_sla ORDER BY tenant_id");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
