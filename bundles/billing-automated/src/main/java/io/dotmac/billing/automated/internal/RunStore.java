package io.dotmac.billing.automated.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.dotmac.billing.automated.BillingRun;
import io.dotmac.billing.automated.BillingRun.Failure;
import io.dotmac.billing.automated.BillingRun.Status;
import io.dotmac.billing.automated.BillingRun.Trigger;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.TenantRef;

/** Billing runs on tables {@code dotmac_billing_run} and {@code dotmac_billing_run_failure}. */
final class RunStore {

    /** How many failures a run shows. */
    static final int SHOWN_FAILURES = 100;

    static final String COLUMNS = "id, run_date, run_trigger, status, total, done, failed, invoices, started_at, "
            + "finished_at, message, cursor_id, tenant_id";

    /** A run as stored, with where it got to and whose it is. */
    record Row(BillingRun run, String cursor, String tenantId) {
    }

    private RunStore() {
    }

    static Row read(ResultSet rs) throws SQLException {
        Timestamp finished = rs.getTimestamp(10);
        return new Row(new BillingRun(rs.getString(1), rs.getObject(2, LocalDate.class),
                Trigger.valueOf(rs.getString(3)), Status.valueOf(rs.getString(4)), rs.getInt(5), rs.getInt(6),
                rs.getInt(7), rs.getInt(8), rs.getTimestamp(9).toInstant(),
                finished == null ? null : finished.toInstant(), rs.getString(11), List.of()), rs.getString(12),
                rs.getString(13));
    }

    static void insert(Connection c, TenantRef tenant, BillingRun run, String scheduleKey) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_billing_run (id, run_date, run_trigger, "
                + "status, total, done, failed, invoices, started_at, tenant_id, schedule_key) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, run.id());
            s.setObject(2, run.date());
            s.setString(3, run.trigger().name());
            s.setString(4, run.status().name());
            s.setInt(5, run.total());
            s.setInt(6, 0);
            s.setInt(7, 0);
            s.setInt(8, 0);
            s.setTimestamp(9, Timestamp.from(run.startedAt()));
            s.setString(10, tenant.id());
            s.setString(11, scheduleKey);
            s.executeUpdate();
        }
    }

    static Row find(Connection c, TenantRef tenant, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM dotmac_billing_run "
                + "WHERE tenant_id = ? AND id = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("No billing run '" + id + "'");
                }
                return read(rs);
            }
        }
    }

    /** The first failures of a run, by subscription id. */
    static List<Failure> failures(Connection c, TenantRef tenant, String runId) throws SQLException {
        List<Failure> failures = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT subscription_id, message FROM dotmac_billing_run_failure "
                + "WHERE tenant_id = ? AND run_id = ? ORDER BY subscription_id LIMIT " + SHOWN_FAILURES)) {
            s.setString(1, tenant.id());
            s.setString(2, runId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    failures.add(new Failure(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return failures;
    }

    /** The tenant's running run, if any. */
    static String running(Connection c, TenantRef tenant) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM dotmac_billing_run WHERE tenant_id = ? "
                + "AND status = 'RUNNING'")) {
            s.setString(1, tenant.id());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Every tenant's running runs (a system transaction). */
    static List<Row> allRunning(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM dotmac_billing_run "
                + "WHERE status = 'RUNNING' ORDER BY id"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(read(rs));
            }
        }
        return rows;
    }

    /** Adds a chunk's progress and moves the cursor. */
    static void progress(Connection c, TenantRef tenant, String runId, int done, int failed, int invoices,
            String cursor) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_billing_run SET done = done + ?, "
                + "failed = failed + ?, invoices = invoices + ?, cursor_id = ? WHERE tenant_id = ? AND id = ?")) {
            s.setInt(1, done);
            s.setInt(2, failed);
            s.setInt(3, invoices);
            s.setString(4, cursor);
            s.setString(5, tenant.id());
            s.setString(6, runId);
            s.executeUpdate();
        }
    }

    static void total(Connection c, TenantRef tenant, String runId, int total) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_billing_run SET total = ? "
                + "WHERE tenant_id = ? AND id = ?")) {
            s.setInt(1, total);
            s.setString(2, tenant.id());
            s.setString(3, runId);
            s.executeUpdate();
        }
    }

    static void finish(Connection c, TenantRef tenant, String runId, Status status, String message)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_billing_run SET status = ?, message = ?, "
                + "finished_at = ? WHERE tenant_id = ? AND id = ? AND status = 'RUNNING'")) {
            s.setString(1, status.name());
            s.setString(2, message == null ? null : message.substring(0, Math.min(1000, message.length())));
            s.setTimestamp(3, Timestamp.from(Instant.now()));
            s.setString(4, tenant.id());
            s.setString(5, runId);
            s.executeUpdate();
        }
    }

    static void addFailures(Connection c, TenantRef tenant, String runId, List<Failure> failures)
            throws SQLException {
        if (failures.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_billing_run_failure (run_id, "
                + "subscription_id, tenant_id, message) VALUES (?, ?, ?, ?)")) {
            for (Failure f : failures) {
                s.setString(1, runId);
                s.setString(2, f.subscriptionId());
                s.setString(3, tenant.id());
                s.setString(4, f.message());
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
