package io.dotmac.security.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.Random;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.dotmac.platform.api.NotAuthenticatedException;
import io.dotmac.platform.api.Role;

class JwtCodecTest {

    private static final String ISSUER = "https://dotmac.test";
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final Duration TTL = Duration.ofMinutes(15);
    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");

    private final byte[] key = bytes(32, 1);
    private final MutableClock clock = new MutableClock(T0);
    private final JwtCodec codec = new JwtCodec(key, ISSUER, clock, SKEW);

    // --- happy path

    @Test
    void issuedTokenVerifiesWithAllClaims() {
        String token = codec.issue("u-1", "alice", Role.ISP_STAFF, "t-9", TTL);
        clock.advance(Duration.ofMinutes(5));

        TokenClaims claims = codec.verify(token);

        assertEquals("u-1", claims.userId());
        assertEquals("alice", claims.username());
        assertEquals(Role.ISP_STAFF, claims.role());
        assertEquals("t-9", claims.tenantId());
        assertEquals(T0, claims.issuedAt());
        assertEquals(T0.plus(TTL), claims.expiresAt());
        assertEquals(36, claims.tokenId().length(), "a UUID");
    }

    @Test
    void platformOperatorTokenHasNoTenant() throws Exception {
        String token = codec.issue("op-1", "root", Role.PLATFORM_ADMIN, null, TTL);

        TokenClaims claims = codec.verify(token);

        assertEquals(Role.PLATFORM_ADMIN, claims.role());
        assertNull(claims.tenantId());
        assertFalse(SignedJWT.parse(token).getJWTClaimsSet().getClaims().containsKey("tenant"));
    }

    @Test
    void tokenHasStandardClaimsAndJwtTypeHeader() throws Exception {
        SignedJWT jwt = SignedJWT.parse(codec.issue("u-1", "alice", Role.ISP_ADMIN, "t-9", TTL));

        assertEquals(JWSAlgorithm.HS256, jwt.getHeader().getAlgorithm());
        assertEquals(JOSEObjectType.JWT, jwt.getHeader().getType());
        JWTClaimsSet c = jwt.getJWTClaimsSet();
        assertEquals(ISSUER, c.getIssuer());
        assertEquals("u-1", c.getSubject());
        assertEquals("alice", c.getStringClaim("name"));
        assertEquals("isp_admin", c.getStringClaim("role"));
        assertEquals("t-9", c.getStringClaim("tenant"));
        assertEquals(Date.from(T0), c.getIssueTime());
        assertEquals(Date.from(T0.plus(TTL)), c.getExpirationTime());
    }

    @Test
    void eachTokenHasItsOwnId() {
        String a = codec.issue("u-1", "alice", Role.ISP_STAFF, "t-9", TTL);
        String b = codec.issue("u-1", "alice", Role.ISP_STAFF, "t-9", TTL);
        assertFalse(codec.verify(a).tokenId().equals(codec.verify(b).tokenId()));
    }

    @Test
    void issuingRefusesRoleAndTenantThatDoNotFit() {
        assertThrows(IllegalArgumentException.class, () -> codec.issue("u", "n", Role.ISP_ADMIN, null, TTL));
        assertThrows(IllegalArgumentException.class, () -> codec.issue("u", "n", Role.PLATFORM_ADMIN, "t", TTL));
    }

    @Test
    void keyShorterThan32BytesIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new JwtCodec(bytes(31, 1), ISSUER, clock, SKEW));
        assertThrows(IllegalArgumentException.class, () -> new JwtCodec(null, ISSUER, clock, SKEW));
    }

    // --- missing and malformed

    @Test
    void nullOrBlankTokenIsMissing() {
        assertRejected(null, "missing token");
        assertRejected("", "missing token");
        assertRejected("   ", "missing token");
    }

    @Test
    void garbageIsMalformed() {
        String valid = codec.issue("u-1", "alice", Role.ISP_STAFF, "t-9", TTL);
        String[] parts = valid.split("\\.");
        for (String garbage : new String[] {
            "garbage", "a.b", "a.b.c.d", "....", "!!!.@@@.###", "eyJ.eyJ.sig",
            parts[0] + "." + parts[1], // no signature part
            valid + "." + parts[2], // four parts
            b64("not json") + "." + parts[1] + "." + parts[2],
            b64("{\"typ\":\"JWT\"}") + "." + parts[1] + "." + parts[2], // no alg
            b64("[1,2]") + "." + parts[1] + "." + parts[2],
            "Bearer " + valid,
            "x".repeat(20_000),
        }) {
            assertRejected(garbage, "malformed token");
        }
    }

    @Test
    void encryptedJwtIsMalformed() throws Exception {
        EncryptedJWT jwe = new EncryptedJWT(new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM),
                new JWTClaimsSet.Builder().issuer(ISSUER).subject("u-1").build());
        jwe.encrypt(new DirectEncrypter(key));

        assertRejected(jwe.serialize(), "malformed token");
    }

    @Test
    void randomInputOnlyEverGivesNotAuthenticated() {
        Random random = new Random(42);
        String alphabet = "ABCabc012-_.=+/ {}\":";
        String valid = codec.issue("u-1", "alice", Role.ISP_STAFF, "t-9", TTL);
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            if (i % 2 == 0) {
                int n = 1 + random.nextInt(60);
                for (int j = 0; j < n; j++) {
                    sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            } else {
                char[] mutated = valid.toCharArray();
                mutated[random.nextInt(mutated.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
                sb.append(mutated);
            }
            String input = sb.toString();
            try {
                codec.verify(input);
                if (!input.equals(valid)) {
                    // a change in a base64 character's unused low bits can leave the token intact
                    assertEquals(codec.verify(valid), codec.verify(input));
                }
            } catch (NotAuthenticatedException expected) {
                // fine
            } catch (RuntimeException e) {
                fail("unexpected " + e + " for " + input);
            }
        }
    }

    // --- algorithms

    @Test
    void unsecuredTokenWithEmptySignatureIsRefused() {
        String payload = codec.issue("u-1", "alice", Role.PLATFORM_ADMIN, null, TTL).split("\\.")[1];

        assertRejected(b64("{\"alg\":\"none\"}") + "." + payload + ".", "unsupported token algorithm");
        assertRejected(b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".",
                "unsupported token algorithm");
    }

    @Test
    void unsecuredTokenWithCopiedValidSignatureIsRefused() {
        String[] parts = codec.issue("u-1", "alice", Role.PLATFORM_ADMIN, null, TTL).split("\\.");

        assertRejected(b64("{\"alg\":\"none\"}") + "." + parts[1] + "." + parts[2], "unsupported token algorithm");
    }

    @Test
    void hs512TokenSignedWithTheSameKeyIsRefused() throws Exception {
        // Nimbus' MACSigner refuses HS512 with a 256-bit key, so sign by hand with the JDK
        String payload = codec.issue("u-1", "alice", Role.ISP_ADMIN, "t-9", TTL).split("\\.")[1];
        for (String[] alg : new String[][] {{"HS512", "HmacSHA512"}, {"HS384", "HmacSHA384"}}) {
            String input = b64("{\"alg\":\"" + alg[0] + "\",\"typ\":\"JWT\"}") + "." + payload;
            Mac mac = Mac.getInstance(alg[1]);
            mac.init(new SecretKeySpec(key, alg[1]));
            String token = input + "." + b64(mac.doFinal(input.getBytes(UTF_8)));

            assertRejected(token, "unsupported token algorithm");
        }
    }

    @Test
    void rs256TokenIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), validClaims().build());
        jwt.sign(new RSASSASigner((RSAPrivateKey) generator.generateKeyPair().getPrivate()));

        assertRejected(jwt.serialize(), "unsupported token algorithm");
    }

    @Test
    void unknownAlgorithmIsRefused() {
        String[] parts = codec.issue("u-1", "alice", Role.ISP_ADMIN, "t-9", TTL).split("\\.");

        assertRejected(b64("{\"alg\":\"hs256\"}") + "." + parts[1] + "." + parts[2], "unsupported token algorithm");
    }

    // --- signature

    @Test
    void tokenSignedWithAnotherKeyIsRefused() {
        JwtCodec other = new JwtCodec(bytes(32, 2), ISSUER, clock, SKEW);

        assertRejected(other.issue("u-1", "alice", Role.PLATFORM_ADMIN, null, TTL), "invalid token signature");
    }

    @Test
    void tamperedPayloadWithOriginalSignatureIsRefused() throws Exception {
        String[] parts = codec.issue("u-1", "alice", Role.ISP_READONLY, "t-9", TTL).split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), UTF_8)
                .replace("isp_readonly", "isp_admin");

        assertRejected(parts[0] + "." + b64(claims) + "." + parts[2], "invalid token signature");
    }

    @Test
    void truncatedSignatureIsRefused() {
        String token = codec.issue("u-1", "alice", Role.ISP_READONLY, "t-9", TTL);

        assertRejected(token.substring(0, token.length() - 4), "invalid token signature");
    }

    @Test
    void hs256TokenWithEmptySignatureIsMalformed() {
        String token = codec.issue("u-1", "alice", Role.ISP_READONLY, "t-9", TTL);

        assertRejected(token.substring(0, token.lastIndexOf('.') + 1), "malformed token");
    }

    // --- issuer and time

    @Test
    void tokenFromAnotherIssuerIsRefused() {
        JwtCodec other = new JwtCodec(key, "https://elsewhere.test", clock, SKEW);

        assertRejected(other.issue("u-1", "alice", Role.ISP_STAFF, "t-9", TTL), "invalid token issuer");
    }

    @Test
    void tokenExpiresAfterTtlPlusSkew() {
        String token = codec.issue("u-1", "alice", Role.ISP_STAFF, "t-9", TTL);

        clock.set(T0.plus(TTL).plus(SKEW).minusSeconds(1));
        codec.verify(token);

        clock.set(T0.plus(TTL).plus(SKEW));
        assertRejected(token, "token expired");

        clock.advance(Duration.ofDays(1));
        assertRejected(token, "token expired");
    }

    @Test
    void tokenWithoutExpiryIsExpired() throws Exception {
        assertRejected(sign(validClaims().expirationTime(null)), "token expired");
    }

    @Test
    void tokenIssuedInTheFutureBeyondSkewIsNotYetValid() {
        String token = codec.issue("u-1", "alice", Role.ISP_STAFF, "t-9", TTL);

        clock.set(T0.minus(SKEW));
        codec.verify(token);

        clock.set(T0.minus(SKEW).minusSeconds(1));
        assertRejected(token, "token not yet valid");
    }

    // --- claims

    @Test
    void tokensWithMissingOrWrongClaimsAreRefused() throws Exception {
        JWTClaimsSet.Builder[] broken = {
            validClaims().claim("role", null),
            validClaims().claim("role", "superuser"),
            validClaims().claim("role", 7),
            validClaims().subject(null),
            validClaims().subject(" "),
            validClaims().claim("name", null),
            validClaims().claim("name", 42),
            validClaims().jwtID(null),
            validClaims().issueTime(null),
            validClaims().claim("tenant", null), // a tenant role without a tenant
            validClaims().claim("role", "platform_admin"), // an operator with a tenant
            validClaims().claim("tenant", 5),
        };
        for (JWTClaimsSet.Builder claims : broken) {
            assertRejected(sign(claims), "invalid token claims");
        }
        codec.verify(sign(validClaims())); // the base claims are fine
    }

    @Test
    void keyIsCopiedOnConstruction() {
        byte[] mutable = bytes(32, 3);
        JwtCodec c = new JwtCodec(mutable, ISSUER, clock, SKEW);
        String token = c.issue("u-1", "alice", Role.PLATFORM_ADMIN, null, TTL);
        Arrays.fill(mutable, (byte) 0);

        assertEquals("u-1", c.verify(token).userId());
        assertArrayEquals(new byte[32], mutable);
    }

    // --- helpers

    private void assertRejected(String token, String message) {
        NotAuthenticatedException e = assertThrows(NotAuthenticatedException.class, () -> codec.verify(token),
                () -> "accepted " + token);
        assertEquals(message, e.getMessage(), () -> "for " + token);
    }

    private static JWTClaimsSet.Builder validClaims() {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("u-1")
                .jwtID("id-1")
                .issueTime(Date.from(T0))
                .expirationTime(Date.from(T0.plus(TTL)))
                .claim("name", "alice")
                .claim("role", "isp_staff")
                .claim("tenant", "t-9");
    }

    private String sign(JWTClaimsSet.Builder claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }

    private static String b64(String s) {
        return b64(s.getBytes(UTF_8));
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
