package io.dotmac.reporting.advanced;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A scheduled report: {@code report} computed with {@code parameters} each time the five-field Unix {@code cron}
 * expression fires in {@code timeZone}, and e-mailed to {@code recipients} with its CSV (and chart) attached.
 *
 * @param nextRunAt when it is next due; absent while disabled
 * @param last      its last delivery, if any
 */
public record ReportSchedule(String id, String name, String report, Map<String, String> parameters, String cron,
        String timeZone, List<String> recipients, boolean enabled, Instant nextRunAt, ReportDelivery last,
        Instant createdAt, Instant updatedAt) {

    /** What a client sends to create or replace a schedule ({@code name}, {@code timeZone}, {@code enabled} optional). */
    public record Input(String name, String report, Map<String, String> parameters, String cron, String timeZone,
            List<String> recipients, Boolean enabled) {
    }
}
