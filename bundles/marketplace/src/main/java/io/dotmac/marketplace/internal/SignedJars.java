package io.dotmac.marketplace.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Checks a signed plugin archive (a bundle jar, or a KAR) before anything of it is installed: every entry signed
 * (jarsigner's format), unchanged since, by one developer key whose certificate a marketplace authority issued for
 * code signing and did not revoke. The first thing wrong is the refusal's message; nothing is kept of a refused
 * archive. What the archive holds is {@link PluginArchive}'s to read.
 */
final class SignedJars {

    /** The extended key usage of a code-signing certificate. */
    static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";

    /**
     * A jar that passed: its developer's certificate and what its manifest says it is (a KAR's names no bundle:
     * {@code symbolicName} null).
     */
    record Verified(X509Certificate developer, String symbolicName, String version, Manifest manifest) {
    }

    /** Why a jar was refused: the message names what is wrong, for its developer and the operator. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }

        Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private SignedJars() {
    }

    /** Verifies {@code jar} against {@code trust} at {@code now}. */
    static Verified verify(Path jar, TrustStore trust, Date now) throws Refused {
        try (JarFile file = new JarFile(jar.toFile(), true)) {
            Manifest manifest = file.getManifest();
            if (manifest == null) {
                throw new Refused("The jar has no manifest: it is not signed");
            }
            Set<String> present = new HashSet<>();
            CertPath signer = null;
            int signed = 0;
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements();) {
                JarEntry entry = e.nextElement();
                present.add(entry.getName());
                if (entry.isDirectory() || signature(entry.getName())) {
                    continue;
                }
                readFully(file, entry); // the digest is checked while reading: a changed entry throws here
                CodeSigner[] signers = entry.getCodeSigners();
                if (signers == null || signers.length == 0) {
                    throw new Refused("The jar is not signed" + (signed > 0 ? " throughout: '" + entry.getName()
                            + "' was added or changed after signing" : ""));
                }
                if (signer == null) {
                    signer = signers[0].getSignerCertPath();
                } else {
                    CertPath first = signer;
                    if (java.util.Arrays.stream(signers).noneMatch(s -> s.getSignerCertPath().equals(first))) {
                        throw new Refused("The jar's entries are signed by different keys ('" + entry.getName()
                                + "')");
                    }
                }
                signed++;
            }
            if (signer == null) {
                throw new Refused("The jar is not signed: it holds nothing to sign");
            }
            for (String name : manifest.getEntries().keySet()) {
                if (!present.contains(name)) {
                    throw new Refused("'" + name + "' was signed but is missing from the jar: it was changed after "
                            + "signing");
                }
            }
            X509Certificate developer = certified(signer, trust, now);
            Attributes main = manifest.getMainAttributes();
            String symbolicName = main.getValue("Bundle-SymbolicName");
            String version = main.getValue("Bundle-Version");
            return new Verified(developer, symbolicName == null || symbolicName.isBlank() ? null
                    : symbolicName.split(";")[0].strip(), version == null ? "0.0.0" : version, manifest);
        } catch (SecurityException e) {
            throw new Refused("The jar was changed after signing: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new Refused("The file is not a readable jar: " + e.getMessage(), e);
        }
    }

    /** The developer's certificate when a marketplace authority issued it for code signing and did not revoke it. */
    private static X509Certificate certified(CertPath path, TrustStore trust, Date now) throws Refused {
        X509Certificate developer = (X509Certificate) path.getCertificates().get(0);
        try {
            // the chain up to (not including) a trusted authority: jarsigner may or may not have put the CA in it
            List<X509Certificate> chain = path.getCertificates().stream().map(c -> (X509Certificate) c)
                    .filter(c -> !trust.authorities().contains(c)).toList();
            CertPath toValidate = java.security.cert.CertificateFactory.getInstance("X.509").generateCertPath(chain);
            PKIXParameters parameters = new PKIXParameters(trust.anchors());
            parameters.setRevocationEnabled(false); // revocation: the marketplace's own list, below
            parameters.setDate(now);
            CertPathValidator.getInstance("PKIX").validate(toValidate, parameters);
        } catch (CertPathValidatorException e) {
            throw new Refused("The signing key is not certified by the marketplace ("
                    + developer.getSubjectX500Principal().getName() + "): " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new Refused("The signature cannot be checked: " + e.getMessage(), e);
        }
        for (Object c : path.getCertificates()) {
            if (trust.revoked().contains(((X509Certificate) c).getSerialNumber())) {
                throw new Refused("The signing key was revoked by the marketplace ("
                        + developer.getSubjectX500Principal().getName() + ")");
            }
        }
        try {
            List<String> usage = developer.getExtendedKeyUsage();
            if (usage == null || !usage.contains(CODE_SIGNING)) {
                throw new Refused("The signing certificate is not for code signing ("
                        + developer.getSubjectX500Principal().getName() + ")");
            }
        } catch (CertificateParsingException e) {
            throw new Refused("The signing certificate cannot be read: " + e.getMessage(), e);
        }
        return developer;
    }

    /** Whether an entry is part of the signature itself (the manifest and META-INF's signature files). */
    static boolean signature(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        String file = upper.substring("META-INF/".length());
        return file.equals("MANIFEST.MF") || file.endsWith(".SF") || file.endsWith(".RSA") || file.endsWith(".DSA")
                || file.endsWith(".EC") || file.startsWith("SIG-");
    }

    private static void readFully(JarFile file, JarEntry entry) throws IOException {
        byte[] buffer = new byte[8192];
        try (InputStream in = file.getInputStream(entry)) {
            while (in.read(buffer) >= 0) {
                // reading is what verifies
            }
        }
    }
}
