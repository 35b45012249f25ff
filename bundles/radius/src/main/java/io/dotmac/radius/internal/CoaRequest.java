package io.dotmac.radius.internal;

import java.time.Instant;

/**
 * An RFC 5176 request sent for a subscription's open session: {@code kind} {@code DISCONNECT} or {@code COA},
 * {@code reason} {@code SUSPENDED}, {@code CANCELLED}, {@code RESUMED}, {@code PLAN_CHANGED} or {@code DELETED}, and what the NAS
 * answered: {@code ACK}, {@code NAK} (with its Error-Cause), {@code TIMEOUT}, or {@code NO_NAS} when the session's
 * NAS is not one of the tenant's.
 */
public record CoaRequest(String id, String accountId, String subscriptionId, String nasAddress, String sessionId,
        String kind, String reason, String result, Integer errorCause, Instant requestedAt, Instant answeredAt) {
}
