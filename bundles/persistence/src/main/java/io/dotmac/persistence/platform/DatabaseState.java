package io.dotmac.persistence.platform;

import java.time.Instant;

/**
 * What the latest database probe found.
 *
 * @param up            the database answered and its schema is migrated
 * @param product       the database product ({@code H2}, {@code PostgreSQL}); null until first reached
 * @param schemaVersion the applied migration version; null until migrated
 * @param error         why it is down, fit for an operator's log (never sent to API clients); null when up
 * @param checkedAt     when the probe ran
 */
public record DatabaseState(boolean up, String product, String schemaVersion, String error, Instant checkedAt) {
}
