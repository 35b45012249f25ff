package io.dotmac.security.internal;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.dotmac.platform.api.NotAuthenticatedException;
import io.dotmac.platform.api.Role;

/**
 * Issues and verifies compact HS256-signed JWT access tokens. Only HS256 is accepted: the algorithm in a
 * token's header is checked before anything else, so {@code none}, other HMAC sizes and asymmetric algorithms
 * are refused whatever their signature. Time checks use the injected {@link Clock} (Nimbus' default claims
 * verifier would use the system clock), so they are testable. Every verification failure is a
 * {@link NotAuthenticatedException} with a short message fit for the client. Thread-safe.
 */
public final class JwtCodec {

    static final String CLAIM_NAME = "name";
    static final String CLAIM_ROLE = "role";
    static final String CLAIM_TENANT = "tenant";
    static final String CLAIM_VERSION = "ver";

    /** Far above any token we issue; refuses absurd input before parsing it. */
    private static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final String issuer;
    private final Clock clock;
    private final Duration clockSkew;

    public JwtCodec(byte[] key, String issuer, Clock clock, Duration clockSkew) {
        if (key == null || key.length < 32) {
            throw new IllegalArgumentException("the token signing key must have at least 32 bytes");
        }
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("issuer is blank");
        }
        if (clockSkew == null || clockSkew.isNegative()) {
            throw new IllegalArgumentException("clock skew must not be negative");
        }
        byte[] copy = key.clone();
        try {
            this.signer = new MACSigner(copy);
            this.verifier = new MACVerifier(copy);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable token signing key", e);
        }
        this.issuer = issuer;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clockSkew = clockSkew;
    }

    /**
     * A signed token for the user, valid for {@code ttl} from now. {@code tenantId} is null exactly for
     * {@link Role#PLATFORM_ADMIN}.
     */
    public String issue(String userId, String username, Role role, String tenantId, Duration ttl) {
        return issue(userId, username, role, tenantId, 0, ttl);
    }

    /**
     * A token carrying the user's token version ({@code ver}, left out when 0): the user's tokens of a lower
     * version are refused once the version goes up (role change, deactivation).
     */
    public String issue(String userId, String username, Role role, String tenantId, int version, Duration ttl) {
        if (userId == null || userId.isBlank() || username == null || username.isBlank() || role == null) {
            throw new IllegalArgumentException("userId, username and role are required");
        }
        if (role.tenantRole() != (tenantId != null)) {
            throw new IllegalArgumentException("role " + role.id() + (tenantId == null
                    ? " needs a tenant" : " belongs to no tenant"));
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(userId)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .claim(CLAIM_NAME, username)
                .claim(CLAIM_ROLE, role.id());
        if (tenantId != null) {
            claims.claim(CLAIM_TENANT, tenantId);
        }
        if (version != 0) {
            claims.claim(CLAIM_VERSION, version);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign token", e);
        }
        return jwt.serialize();
    }

    /** The claims of a valid token; a {@link NotAuthenticatedException} for anything else. */
    public TokenClaims verify(String token) {
        if (token == null || token.isBlank()) {
            throw fail("missing token");
        }
        SignedJWT jwt = parse(token.trim());
        boolean valid;
        try {
            valid = jwt.verify(verifier);
        } catch (JOSEException | RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw fail("invalid token signature");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw fail("invalid token claims");
        }
        if (!issuer.equals(claims.getIssuer())) {
            throw fail("invalid token issuer");
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null || !exp.toInstant().isAfter(now.minus(clockSkew))) {
            throw fail("token expired");
        }
        Date iat = claims.getIssueTime();
        if (iat != null && iat.toInstant().isAfter(now.plus(clockSkew))) {
            throw fail("token not yet valid");
        }
        return claimsOf(claims).orElseThrow(() -> fail("invalid token claims"));
    }

    /**
     * Splits and parses the token, refusing any algorithm but HS256 before a {@link SignedJWT} is made. Nimbus
     * itself would reject {@code alg: none} as "not a JWS header" (a parse error); checking the header
     * ourselves gives every foreign algorithm, {@code none} included, the same answer.
     */
    private static SignedJWT parse(String token) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw fail("malformed token");
        }
        Base64URL[] parts;
        Header header;
        try {
            parts = JOSEObject.split(token);
            header = parts.length == 3 ? Header.parse(parts[0]) : null; // five parts: a JWE
        } catch (ParseException | RuntimeException e) {
            throw fail("malformed token");
        }
        if (header == null || !(header instanceof JWSHeader || Algorithm.NONE.equals(header.getAlgorithm()))) {
            throw fail("malformed token");
        }
        if (!JWSAlgorithm.HS256.equals(header.getAlgorithm())) {
            throw fail("unsupported token algorithm");
        }
        try {
            return new SignedJWT(parts[0], parts[1], parts[2]);
        } catch (ParseException | RuntimeException e) {
            throw fail("malformed token");
        }
    }

    private static Optional<TokenClaims> claimsOf(JWTClaimsSet claims) {
        try {
            String userId = claims.getSubject();
            String username = claims.getStringClaim(CLAIM_NAME);
            String tenantId = claims.getStringClaim(CLAIM_TENANT);
            Optional<Role> role = Role.parse(claims.getStringClaim(CLAIM_ROLE));
            String tokenId = claims.getJWTID();
            Date iat = claims.getIssueTime();
            Integer version = claims.getIntegerClaim(CLAIM_VERSION);
            if (blank(userId) || blank(username) || blank(tokenId) || iat == null || role.isEmpty()
                    || (tenantId != null && tenantId.isBlank())
                    || role.get().tenantRole() != (tenantId != null)) {
                return Optional.empty();
            }
            return Optional.of(new TokenClaims(tokenId, userId, username, role.get(), tenantId, iat.toInstant(),
                    claims.getExpirationTime().toInstant(), version == null ? 0 : version));
        } catch (ParseException e) {
            return Optional.empty(); // a claim of the wrong JSON type
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static NotAuthenticatedException fail(String message) {
        return new NotAuthenticatedException(message);
    }
}
