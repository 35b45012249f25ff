package io.dotmac.licensing;

import io.dotmac.platform.api.Tier;

/** A tier as configured: its monthly price (exact decimal string) and customer limit ({@code null}: unlimited). */
public record TierOffer(Tier tier, String monthlyPrice, String currency, Long customerLimit) {
}
