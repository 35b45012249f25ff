package io.dotmac.integrations;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's webhook: the events of {@code topics} (exact, or ending in {@code /*}) are POSTed to {@code url}.
 *
 * @param secret the signing secret: only in the answer that created it (or replaced it), never again
 */
public record Webhook(String id, String url, List<String> topics, String description, boolean enabled,
        String secret, Instant createdAt, Instant updatedAt) {

    /** What a client sends; {@code secret} optional (one is generated), {@code enabled} true unless said. */
    public record Input(String url, List<String> topics, String description, String secret, Boolean enabled) {
    }
}
