package io.dotmac.marketplace.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Date;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed, unsigned, tampered, foreign-signed, revoked and wrongly certified jars, made with the JDK's own tools. */
class SignedJarsTest {

    @TempDir
    static Path dir;
    static TestPki pki;
    static X509Certificate developer;
    static Path signed;

    @BeforeAll
    static void keys() throws Exception {
        pki = new TestPki(dir);
        developer = pki.developer("acme", true, true);
        signed = TestPki.bundle(dir.resolve("nps.jar"), "com.acme.nps");
        pki.sign(signed, "acme");
    }

    private static TrustStore trust() throws Exception {
        return TrustStore.load(pki.authority(), dir.resolve("none.crl"));
    }

    private static String refusal(Path jar, TrustStore trust) {
        return assertThrows(SignedJars.Refused.class, () -> SignedJars.verify(jar, trust, new Date())).getMessage();
    }

    @Test
    void aJarSignedWithACertifiedDeveloperKeyPasses() throws Exception {
        SignedJars.Verified v = SignedJars.verify(signed, trust(), new Date());
        assertEquals("com.acme.nps", v.symbolicName());
        assertEquals("1.0.0", v.version());
        assertEquals(developer.getSerialNumber(), v.developer().getSerialNumber());
    }

    @Test
    void anUnsignedJarIsRefused() throws Exception {
        Path unsigned = TestPki.bundle(dir.resolve("unsigned.jar"), "com.acme.unsigned");
        assertTrue(refusal(unsigned, trust()).startsWith("The jar is not signed"));
    }

    @Test
    void aJarChangedAfterSigningIsRefused() throws Exception {
        Path changed = TestPki.rewrite(signed, dir.resolve("changed.jar"), "com/acme/nps/Survey.class", "evil");
        assertTrue(refusal(changed, trust()).startsWith("The jar was changed after signing"), refusal(changed,
                trust()));
        Path added = TestPki.rewrite(signed, dir.resolve("added.jar"), "com/acme/nps/Backdoor.class", "evil");
        assertTrue(refusal(added, trust()).contains("'com/acme/nps/Backdoor.class' was added or changed after signing"));
        Path renamed = TestPki.rewrite(signed, dir.resolve("manifest.jar"), "META-INF/MANIFEST.MF",
                "Manifest-Version: 1.0\r\nBundle-SymbolicName: com.acme.other\r\n\r\n");
        assertTrue(refusal(renamed, trust()).startsWith("The jar "), refusal(renamed, trust()));
    }

    @Test
    void aKeyTheMarketplaceDidNotCertifyIsRefused() throws Exception {
        pki.developer("rogue", false, true);
        Path jar = TestPki.bundle(dir.resolve("rogue.jar"), "com.rogue.plugin");
        pki.sign(jar, "rogue");
        assertTrue(refusal(jar, trust()).startsWith("The signing key is not certified by the marketplace (CN=rogue"));
    }

    @Test
    void aRevokedKeyIsRefused() throws Exception {
        X509Certificate revoked = pki.developer("revoked", true, true);
        Path jar = TestPki.bundle(dir.resolve("revoked.jar"), "com.revoked.plugin");
        pki.sign(jar, "revoked");
        TrustStore withCrl = TrustStore.load(pki.authority(), pki.revoke(revoked.getSerialNumber()));
        assertTrue(refusal(jar, withCrl).startsWith("The signing key was revoked by the marketplace"));
        SignedJars.verify(signed, withCrl, new Date()); // another developer's jar still passes
    }

    @Test
    void aCertificateNotIssuedForCodeSigningIsRefused() throws Exception {
        pki.developer("tls", true, false);
        Path jar = TestPki.bundle(dir.resolve("tls.jar"), "com.tls.plugin");
        pki.sign(jar, "tls");
        assertTrue(refusal(jar, trust()).startsWith("The signing certificate is not for code signing"));
    }

    @Test
    void aRevocationListNoAuthoritySignedIsRefused() throws Exception {
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        TestPki stranger = new TestPki(other);
        Path crl = stranger.revoke(developer.getSerialNumber());
        assertThrows(java.security.GeneralSecurityException.class, () -> TrustStore.load(pki.authority(), crl));
    }
}
