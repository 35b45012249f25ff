package io.dotmac.sla.internal;

import java.time.Instant;

/**
 * Planned work: outages in {@code [startsAt, endsAt)} are not downtime, and the window is not measured time, for
 * one device ({@code deviceId}) or every device of the tenant ({@code null}).
 */
public record MaintenanceWindow(String id, String deviceId, Instant startsAt, Instant endsAt, String reason,
        Instant createdAt) {

    /** What a client sends: instants as ISO-8601 ({@code 2026-12-06T02:00:00Z}). */
    public record Input(String deviceId, String startsAt, String endsAt, String reason) {
    }
}
