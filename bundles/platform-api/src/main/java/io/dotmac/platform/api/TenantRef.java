package io.dotmac.platform.api;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The tenant a call acts for: its opaque id, its slug and its tier at the time the reference was taken. Services
 * that own tenant data take one explicitly on every call (never from a thread-local).
 */
@ProviderType
public record TenantRef(String id, String slug, Tier tier) {
    public TenantRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(tier, "tier");
    }
}
