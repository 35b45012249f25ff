package io.dotmac.marketplace.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Date;
import java.util.HexFormat;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.marketplace.PluginVerifier;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.platform.api.ValidationException;

/**
 * The {@link PluginVerifier}: the trust store read from {@code etc/} (again whenever its files change), each jar
 * checked by {@link SignedJars}.
 */
@Component(service = PluginVerifier.class, configurationPid = Verifier.PID)
@Designate(ocd = Verifier.Config.class)
public class Verifier implements PluginVerifier {

    static final String PID = "io.dotmac.marketplace";
    private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);

    @ObjectClassDefinition(name = "DotMac marketplace", description = "What the marketplace trusts.")
    public @interface Config {
        @AttributeDefinition(description = "The marketplace authorities' certificates (PEM), under etc/: they certify "
                + "developers' signing keys.")
        String trustStore() default "dotmac-marketplace-ca.pem";

        @AttributeDefinition(description = "The developer certificates the marketplace revoked: a CRL signed by an "
                + "authority (PEM or DER), under etc/; optional.")
        String revocationList() default "dotmac-marketplace.crl";
    }

    private volatile Path certificates;
    private volatile Path crl;
    private volatile Loaded loaded;

    /** The trust store as read, and the files' times it was read at. */
    private record Loaded(TrustStore trust, FileTime certificatesTime, FileTime crlTime) {
    }

    @Activate
    @Modified
    void configure(Config config) {
        Path etc = Path.of(System.getProperty("karaf.etc", "etc"));
        this.certificates = etc.resolve(file(config.trustStore(), "trustStore"));
        this.crl = etc.resolve(file(config.revocationList(), "revocationList"));
        this.loaded = null;
        if (!Files.exists(certificates)) {
            LOG.info("No marketplace authority in {}: plugin bundles cannot be verified (nor installed through the "
                    + "marketplace) until its certificate is put there", certificates);
        }
    }

    private static String file(String name, String key) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IllegalArgumentException("Invalid io.dotmac.marketplace configuration: " + key
                    + " must be a plain file name under etc/");
        }
        return name;
    }

    /** The trust store, read again when its files changed since. */
    TrustStore trust() {
        try {
            if (!Files.exists(certificates)) {
                throw new UnavailableException("This instance trusts no marketplace authority yet: its certificate "
                        + "goes in etc/" + certificates.getFileName());
            }
            FileTime certTime = Files.getLastModifiedTime(certificates);
            FileTime crlTime = Files.exists(crl) ? Files.getLastModifiedTime(crl) : null;
            Loaded current = loaded;
            if (current == null || !current.certificatesTime().equals(certTime)
                    || !java.util.Objects.equals(current.crlTime(), crlTime)) {
                current = new Loaded(TrustStore.load(certificates, crl), certTime, crlTime);
                loaded = current;
                LOG.info("Marketplace trust store read: {} authorities, {} revoked developer certificates",
                        current.trust().authorities().size(), current.trust().revoked().size());
            }
            return current.trust();
        } catch (IOException | GeneralSecurityException e) {
            throw new UnavailableException("The marketplace trust store cannot be read: " + e.getMessage());
        }
    }

    @Override
    public VerifiedPlugin verify(Path jar) {
        TrustStore trust = trust();
        try {
            SignedJars.Verified v = SignedJars.verify(jar, trust, new Date());
            PluginArchive.Member plugin = PluginArchive.read(jar).plugin();
            return new VerifiedPlugin(plugin.symbolicName(), plugin.version(),
                    v.developer().getSubjectX500Principal().getName(), v.developer().getSerialNumber().toString(16),
                    sha256(jar));
        } catch (SignedJars.Refused e) {
            throw new ValidationException("bundle", e.getMessage());
        }
    }

    private static String sha256(Path jar) {
        try (InputStream in = Files.newInputStream(jar)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0;) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | GeneralSecurityException e) {
            throw new ValidationException("bundle", "cannot be read: " + e.getMessage());
        }
    }
}
