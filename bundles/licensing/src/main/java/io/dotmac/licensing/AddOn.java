package io.dotmac.licensing;

import java.time.Instant;

/**
 * A plugin a tenant has bought on its own (a marketplace add-on, or one the operator granted): the tenant may use it
 * whatever its tier, from {@code since} until {@code endsAt}.
 *
 * @param endsAt {@code null} while it runs on; once cancelled, the instant it stops (the start of the next month, in
 *               UTC, or the moment of cancelling when cancelled at once)
 * @param source who added it: {@code operator} (the platform's operator) or {@code marketplace} (a purchase)
 */
public record AddOn(String tenantId, String plugin, Instant since, Instant endsAt, String source) {
}
