package io.dotmac.reporting.advanced;

import java.time.Instant;

/**
 * One run of a scheduled report.
 *
 * @param dueAt       the time it was due; absent when run by hand
 * @param status      {@code RUNNING}, {@code QUEUED} (handed to email_notifications), {@code NOT_DELIVERED} (the
 *                    tenant has no e-mail plugin) or {@code FAILED}
 * @param detail      what happened, in words
 * @param attachments the files sent, comma-separated
 */
public record ReportDelivery(String id, String scheduleId, Instant dueAt, String status, String detail,
        String attachments, Instant createdAt, Instant finishedAt) {
}
