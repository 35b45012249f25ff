package io.dotmac.apiaccess.internal;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's API key as the API shows it (never its secret).
 *
 * @param lastUsedAt when it was last used (written every few seconds, so a moment behind)
 */
public record ApiKey(String id, String name, List<String> scopes, Instant expiresAt, Instant createdAt,
        String createdBy, Instant revokedAt, Instant lastUsedAt) {

    /** What a client sends to create one: a name, its scopes, and when it stops working (optional). */
    public record Input(String name, List<String> scopes, Instant expiresAt) {
    }

    /** A key just created: the only time the key itself ({@code dmk_<id>_<secret>}) is shown. */
    public record Created(String id, String name, List<String> scopes, Instant expiresAt, Instant createdAt,
            String key) {
    }

    /** Requests made with a key on one day (UTC). */
    public record DayUsage(String day, long requests) {
    }

    /** A key's use: per day, oldest first, and when it was last used. */
    public record Usage(String keyId, List<DayUsage> days, Instant lastUsedAt) {
    }
}
