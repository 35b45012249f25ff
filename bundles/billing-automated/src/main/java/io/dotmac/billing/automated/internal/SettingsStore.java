package io.dotmac.billing.automated.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.dotmac.billing.automated.BillingSettings;
import io.dotmac.billing.automated.BillingSettings.DunningStep;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.ValidationException;

/** Tenants' billing settings on table {@code dotmac_billing_settings}: reading, validating, writing. */
final class SettingsStore {

    static final int MAX_STEPS = 10;
    static final int MAX_DAYS = 365;
    static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    /**
     * A tenant's settings as stored, with whether the plugin is active for it and since when its daily schedule
     * runs ({@code null}: no limit).
     */
    record Stored(String tenantId, boolean active, BillingSettings settings, Instant scheduleFrom) {

        /** Whether the scheduled run of {@code day} is due: its run time has come, and came after the schedule began. */
        boolean dueOn(LocalDate day, Instant now) {
            Instant at = day.atTime(runTime()).atZone(zone()).toInstant();
            return !now.isBefore(at) && (scheduleFrom == null || !at.isBefore(scheduleFrom));
        }

        LocalTime runTime() {
            return LocalTime.parse(settings.runTime(), HH_MM);
        }

        ZoneId zone() {
            return ZoneId.of(settings.timeZone());
        }
    }

    private SettingsStore() {
    }

    /** The defaults of {@code config}, validated (a broken configuration is refused the same way as input). */
    static BillingSettings defaults(AutomatedBillingConfig config) {
        return validate(new BillingSettings(config.defaultScheduled(), config.defaultRunTime(), config.defaultTimeZone(), null,
                parseDunning(config.defaultDunning())), null);
    }

    /** Steps as written in the configuration: {@code 3:REMIND,10:REMIND,21:SUSPEND}. */
    static List<DunningStep> parseDunning(String value) {
        List<DunningStep> steps = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return steps;
        }
        for (String part : value.split(",")) {
            String[] dayAndAction = part.strip().split(":");
            if (dayAndAction.length != 2) {
                throw new ValidationException("dunning", "'" + part.strip() + "' must be <days>:<REMIND|SUSPEND>");
            }
            try {
                steps.add(new DunningStep(Integer.valueOf(dayAndAction[0].strip()),
                        dayAndAction[1].strip().toUpperCase(Locale.ROOT)));
            } catch (NumberFormatException e) {
                throw new ValidationException("dunning", "'" + part.strip() + "' must start with a number of days");
            }
        }
        return steps;
    }

    static String formatDunning(List<DunningStep> steps) {
        return String.join(",", steps.stream().map(s -> s.afterDays() + ":" + s.action()).toList());
    }

    /**
     * {@code in} over {@code base} (every field of {@code in} optional when {@code base} is given; {@code anchorDay}
     * 0 clears it), or a {@link ValidationException} naming every invalid field.
     */
    static BillingSettings validate(BillingSettings in, BillingSettings base) {
        if (in == null) {
            throw new ValidationException("body", "the settings are required");
        }
        List<FieldError> errors = new ArrayList<>();
        Boolean scheduled = in.scheduled() != null ? in.scheduled() : base == null ? Boolean.TRUE : base.scheduled();
        String runTime = base == null ? null : base.runTime();
        if (in.runTime() != null) {
            try {
                runTime = LocalTime.parse(in.runTime(), HH_MM).format(HH_MM);
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("runTime", "must be a time of day as HH:mm, e.g. 02:00"));
            }
        } else if (base == null) {
            errors.add(new FieldError("runTime", "is required, as HH:mm"));
        }
        String zone = base == null ? null : base.timeZone();
        if (in.timeZone() != null) {
            try {
                zone = ZoneId.of(in.timeZone()).getId();
            } catch (DateTimeException e) {
                errors.add(new FieldError("timeZone", "must be a time zone id such as Europe/Berlin or UTC"));
            }
        } else if (base == null) {
            errors.add(new FieldError("timeZone", "is required, e.g. UTC"));
        }
        Integer anchor = base == null ? null : base.anchorDay();
        if (in.anchorDay() != null) {
            if (in.anchorDay() == 0) {
                anchor = null;
            } else if (in.anchorDay() < 1 || in.anchorDay() > 28) {
                errors.add(new FieldError("anchorDay", "must be a day from 1 to 28, or 0 to bill each subscription "
                        + "on the day it started"));
            } else {
                anchor = in.anchorDay();
            }
        }
        List<DunningStep> dunning = base == null ? List.of() : base.dunning();
        if (in.dunning() != null) {
            dunning = dunning(in.dunning(), errors);
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new BillingSettings(scheduled, runTime, zone, anchor, dunning);
    }

    private static List<DunningStep> dunning(List<DunningStep> in, List<FieldError> errors) {
        if (in.size() > MAX_STEPS) {
            errors.add(new FieldError("dunning", "at most " + MAX_STEPS + " steps"));
            return List.of();
        }
        List<DunningStep> steps = new ArrayList<>();
        int before = errors.size();
        for (int i = 0; i < in.size(); i++) {
            DunningStep step = in.get(i);
            String at = "dunning[" + i + "]";
            if (step == null) {
                errors.add(new FieldError(at, "must be a step object"));
                continue;
            }
            if (step.afterDays() == null || step.afterDays() < 1 || step.afterDays() > MAX_DAYS) {
                errors.add(new FieldError(at + ".afterDays", "must be a number of days from 1 to " + MAX_DAYS));
            }
            if (!"REMIND".equals(step.action()) && !"SUSPEND".equals(step.action())) {
                errors.add(new FieldError(at + ".action", "must be REMIND or SUSPEND"));
            }
            steps.add(step);
        }
        if (errors.size() == before) {
            steps.sort(Comparator.comparing(DunningStep::afterDays));
            for (int i = 1; i < steps.size(); i++) {
                if (steps.get(i).afterDays().equals(steps.get(i - 1).afterDays())) {
                    errors.add(new FieldError("dunning", "two steps on day " + steps.get(i).afterDays()));
                }
            }
            long suspends = steps.stream().filter(s -> s.action().equals("SUSPEND")).count();
            if (suspends > 1) {
                errors.add(new FieldError("dunning", "at most one SUSPEND step"));
            }
        }
        return steps;
    }

    private static final String COLUMNS = "tenant_id, active, run_time, time_zone, anchor_day, dunning, scheduled, "
            + "schedule_from";

    private static Stored read(ResultSet rs) throws SQLException {
        int anchor = rs.getInt(5);
        Integer anchorDay = rs.wasNull() ? null : anchor;
        Timestamp from = rs.getTimestamp(8);
        return new Stored(rs.getString(1), rs.getBoolean(2), new BillingSettings(rs.getBoolean(7), rs.getString(3),
                rs.getString(4), anchorDay, parseDunning(rs.getString(6))), from == null ? null : from.toInstant());
    }

    /** The tenant's row, locked when {@code lock}; {@code null} when it has none. */
    static Stored find(Connection c, TenantRef tenant, boolean lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM dotmac_billing_settings "
                + "WHERE tenant_id = ?" + (lock ? " FOR UPDATE" : ""))) {
            s.setString(1, tenant.id());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? read(rs) : null;
            }
        }
    }

    /**
     * The tenant's row, locked for this transaction: created with {@code defaults} (not active) when it has none.
     * Two transactions creating it at once do not fail: the second waits for the first's row (its insert is rolled
     * back to a savepoint, as PostgreSQL aborts a transaction on a failed statement) and locks it.
     */
    static Stored lockOrCreate(Connection c, TenantRef tenant, BillingSettings defaults, Instant now)
            throws SQLException {
        Stored stored = find(c, tenant, true);
        if (stored != null) {
            return stored;
        }
        java.sql.Savepoint before = c.setSavepoint();
        try {
            write(c, tenant, false, defaults, null, now);
            c.releaseSavepoint(before);
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(before); // made meanwhile by another transaction
        }
        return find(c, tenant, true);
    }

    /** Every tenant's row, active or not (a system transaction). */
    static List<Stored> all(Connection c) throws SQLException {
        List<Stored> all = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM dotmac_billing_settings "
                + "ORDER BY tenant_id"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                all.add(read(rs));
            }
        }
        return all;
    }

    /**
     * Writes the tenant's row, creating it when it has none ({@code before} null). The schedule begins anew at
     * {@code now} when the row is created, the plugin becomes active, the schedule is switched on, or its time or
     * zone changes.
     */
    static void write(Connection c, TenantRef tenant, boolean active, BillingSettings settings, Stored before,
            Instant now) throws SQLException {
        boolean restarts = before == null || (active && !before.active())
                || (settings.scheduled() && !before.settings().scheduled())
                || !settings.runTime().equals(before.settings().runTime())
                || !settings.timeZone().equals(before.settings().timeZone());
        Instant from = restarts ? now : before.scheduleFrom();
        try (PreparedStatement s = c.prepareStatement(before != null
                ? "UPDATE dotmac_billing_settings SET active = ?, run_time = ?, time_zone = ?, anchor_day = ?, "
                        + "dunning = ?, updated_at = ?, scheduled = ?, schedule_from = ? WHERE tenant_id = ?"
                : "INSERT INTO dotmac_billing_settings (active, run_time, time_zone, anchor_day, dunning, updated_at, "
                        + "scheduled, schedule_from, tenant_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setBoolean(1, active);
            s.setString(2, settings.runTime());
            s.setString(3, settings.timeZone());
            if (settings.anchorDay() == null) {
                s.setNull(4, java.sql.Types.INTEGER);
            } else {
                s.setInt(4, settings.anchorDay());
            }
            s.setString(5, formatDunning(settings.dunning()));
            s.setTimestamp(6, Timestamp.from(now));
            s.setBoolean(7, settings.scheduled());
            s.setTimestamp(8, from == null ? null : Timestamp.from(from));
            s.setString(9, tenant.id());
            s.executeUpdate();
        }
    }
}
