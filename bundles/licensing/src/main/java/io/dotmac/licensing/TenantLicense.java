package io.dotmac.licensing;

import io.dotmac.platform.api.Tier;

/**
 * A tenant's licence: its tier, the tier's monthly price (exact decimal string) and customer limit
 * ({@code null}: unlimited), and the customers it has.
 */
public record TenantLicense(Tier tier, String monthlyPrice, String currency, Long customerLimit,
        long customerCount) {
}
