package io.dotmac.reporting.advanced.internal;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a tenant's subscriptions as {@link Segment}s: each subscription from its start date to its end (its
 * {@code cancel_at}: the day it stops, cancelled at once or at the end of a period), cut where its plan changed
 * (billing-basic's {@code dotmac_subscription_change}), each part at its plan's monthly-normalised price. Plan prices
 * have no history: every part is valued at the plan's current price.
 */
final class SubscriptionBook {

    /** A plan: its currency and monthly-normalised price. */
    record Plan(String currency, long twelfths) {
    }

    /** A plan change of a subscription, effective on {@code on}. */
    record Change(LocalDate on, String from, String to) {
    }

    private SubscriptionBook() {
    }

    static List<Segment> read(Connection c, String tenantId) throws SQLException {
        Map<String, Plan> plans = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, currency, price_minor, billing_period "
                + "FROM dotmac_plan WHERE tenant_id = ?")) {
            s.setString(1, tenantId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    plans.put(rs.getString(1), new Plan(rs.getString(2),
                            Segment.twelfths(rs.getLong(3), rs.getString(4))));
                }
            }
        }
        Map<String, List<Change>> changes = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT subscription_id, changed_on, from_plan_id, to_plan_id "
                + "FROM dotmac_subscription_change WHERE tenant_id = ? ORDER BY subscription_id, changed_on, "
                + "created_at, id")) {
            s.setString(1, tenantId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    changes.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Change(
                            rs.getDate(2).toLocalDate(), rs.getString(3), rs.getString(4)));
                }
            }
        }
        List<Segment> segments = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, customer_id, plan_id, start_date, status, cancel_at, "
                + "updated_at FROM dotmac_subscription WHERE tenant_id = ?")) {
            s.setString(1, tenantId);
            s.setFetchSize(1000);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    String customer = rs.getString(2);
                    LocalDate start = rs.getDate(4).toLocalDate();
                    Date cancel = rs.getDate(6);
                    LocalDate end = cancel != null ? cancel.toLocalDate()
                            : "CANCELLED".equals(rs.getString(5)) ? day(rs.getTimestamp(7)) : null;
                    cut(segments, plans, id, customer, rs.getString(3), start, end,
                            changes.getOrDefault(id, List.of()));
                }
            }
        }
        return segments;
    }

    private static LocalDate day(Timestamp t) {
        return t.toLocalDateTime().toLocalDate();
    }

    /** The parts of one subscription between its plan changes. */
    static void cut(List<Segment> out, Map<String, Plan> plans, String id, String customer, String currentPlan,
            LocalDate start, LocalDate end, List<Change> changes) {
        LocalDate from = start;
        String plan = changes.isEmpty() ? currentPlan : changes.get(0).from();
        for (Change change : changes) {
            LocalDate on = change.on().isBefore(start) ? start : change.on();
            add(out, plans, id, customer, plan, from, end != null && end.isBefore(on) ? end : on);
            from = on;
            plan = change.to();
        }
        add(out, plans, id, customer, plan, from, end);
    }

    private static void add(List<Segment> out, Map<String, Plan> plans, String id, String customer, String planId,
            LocalDate from, LocalDate until) {
        Plan plan = plans.get(planId);
        if (plan == null || (until != null && !until.isAfter(from))) {
            return;
        }
        out.add(new Segment(id, customer, plan.currency(), from, until, plan.twelfths()));
    }
}
