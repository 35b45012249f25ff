package io.dotmac.integrations;

import java.time.Instant;
import java.util.List;

/**
 * One event for one webhook and what became of it.
 *
 * @param status   {@code PENDING}, {@code SENDING}, {@code DELIVERED} or {@code FAILED}
 * @param attempts every attempt so far, in order
 */
public record WebhookDelivery(String id, String webhookId, String topic, String status, Instant nextAttemptAt,
        Instant createdAt, Instant deliveredAt, List<Attempt> attempts) {

    /** One attempt: when, the answer's HTTP status (absent without an answer), why it failed, how long it took. */
    public record Attempt(int attempt, Instant at, Integer statusCode, String error, long durationMillis) {
    }
}
