package io.dotmac.tenant;

import java.time.Instant;

import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.Tier;

/** A tenant as stored; {@code currency} is the ISO 4217 code it bills in. */
public record Tenant(String id, String name, String slug, Tier tier, TenantStatus status, String currency,
        Instant createdAt) {

    /** The reference services take. */
    public TenantRef ref() {
        return new TenantRef(id, slug, tier);
    }

    public boolean suspended() {
        return status == TenantStatus.SUSPENDED;
    }
}
