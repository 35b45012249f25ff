package io.dotmac.radius.internal;

import java.time.LocalDate;

/**
 * An account's usage on one day (UTC) from accounting: the sessions started that day, their seconds and octets
 * ({@code inputOctets}: from the subscriber, {@code outputOctets}: to the subscriber, as the NAS counts them).
 */
public record UsageDay(LocalDate day, int sessions, long seconds, long inputOctets, long outputOctets) {
}
