package io.dotmac.notifications.email;

import java.time.Instant;

/**
 * An e-mail in the outbox. {@code recipient} and {@code subject} are known once it has been rendered for sending.
 * {@code status}: {@code PENDING} (waiting for its next attempt at {@code nextAttemptAt}), {@code SENDING},
 * {@code SENT} or {@code FAILED} (given up after the configured number of attempts; {@code lastError} says why).
 */
public record EmailMessage(String id, String event, String customerId, String recipient, String subject,
        String status, int attempts, String lastError, Instant createdAt, Instant nextAttemptAt, Instant sentAt) {
}
