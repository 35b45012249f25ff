package io.dotmac.radius.internal;

import java.time.Instant;

/** One accounting session of an account (a radacct row); {@code stoppedAt} is null while it is open. */
public record Session(String sessionId, String nasAddress, String framedAddress, Instant startedAt, Instant updatedAt,
        Instant stoppedAt, long seconds, long inputOctets, long outputOctets, String terminateCause) {
}
