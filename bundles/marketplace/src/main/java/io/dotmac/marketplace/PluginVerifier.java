package io.dotmac.marketplace;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks a plugin archive (a bundle jar, or a KAR whose one feature lists the plugin's bundles) before anything of
 * it is installed: every entry signed (jarsigner's format) and unchanged since, by one developer key that a
 * marketplace authority (the certificates in the instance's trust store, {@code etc/dotmac-marketplace-ca.pem})
 * issued for code signing and has not revoked ({@code etc/dotmac-marketplace.crl}); and exactly one bundle in it
 * declaring a plugin.
 */
@ProviderType
public interface PluginVerifier {

    /** An archive that passed: its plugin's bundle (name and version) and who signed it. */
    record VerifiedPlugin(String symbolicName, String version, String developer, String developerSerial,
            String sha256) {
    }

    /**
     * @throws io.dotmac.platform.api.ValidationException naming {@code bundle} with the first thing wrong (unsigned,
     *                                                    changed after signing, a key not certified or revoked, not
     *                                                    a bundle); nothing of a refused jar is kept
     * @throws io.dotmac.platform.api.UnavailableException while the instance has no marketplace authority to trust
     */
    VerifiedPlugin verify(Path jar);
}
