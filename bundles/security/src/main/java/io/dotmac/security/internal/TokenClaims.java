package io.dotmac.security.internal;

import java.time.Instant;

import io.dotmac.platform.api.Role;

/**
 * The verified content of an access token.
 *
 * @param tokenId   the token's {@code jti}
 * @param userId    the user's id ({@code sub})
 * @param username  the user's login name ({@code name})
 * @param role      the user's role ({@code role})
 * @param tenantId  the user's tenant ({@code tenant}); null for platform operators
 * @param issuedAt  {@code iat}
 * @param expiresAt {@code exp}
 * @param version   {@code ver}: the user's token version when it was issued (0 when absent)
 */
public record TokenClaims(String tokenId, String userId, String username, Role role, String tenantId,
        Instant issuedAt, Instant expiresAt, int version) {
}
