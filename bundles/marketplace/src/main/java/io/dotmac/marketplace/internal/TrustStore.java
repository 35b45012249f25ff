package io.dotmac.marketplace.internal;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CRL;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the marketplace trusts: its own certificate authorities (the certificates that certify developers' keys, PEM
 * or DER, one file) and the developer certificates it revoked (a CRL each authority signed, optional). Both live in
 * the instance's {@code etc/}; read again whenever they change on disk.
 */
record TrustStore(Set<TrustAnchor> anchors, Set<X509Certificate> authorities, Set<BigInteger> revoked) {

    TrustStore {
        anchors = Set.copyOf(anchors);
        authorities = Set.copyOf(authorities);
        revoked = Set.copyOf(revoked);
    }

    /**
     * Reads the authorities from {@code certificates} and, when {@code crl} exists, the revoked serial numbers from
     * it; a CRL no authority signed is refused.
     */
    static TrustStore load(Path certificates, Path crl) throws IOException, GeneralSecurityException {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        Set<X509Certificate> cas = new LinkedHashSet<>();
        try (InputStream in = Files.newInputStream(certificates)) {
            for (Certificate c : x509.generateCertificates(in)) {
                cas.add((X509Certificate) c);
            }
        }
        if (cas.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + certificates);
        }
        Set<TrustAnchor> anchors = new LinkedHashSet<>();
        for (X509Certificate ca : cas) {
            anchors.add(new TrustAnchor(ca, null));
        }
        Set<BigInteger> revoked = new HashSet<>();
        if (crl != null && Files.exists(crl)) {
            try (InputStream in = Files.newInputStream(crl)) {
                for (CRL one : x509.generateCRLs(in)) {
                    X509CRL list = (X509CRL) one;
                    if (!signedByOneOf(list, cas)) {
                        throw new GeneralSecurityException("the revocation list " + crl
                                + " is not signed by a marketplace authority");
                    }
                    if (list.getRevokedCertificates() != null) {
                        list.getRevokedCertificates().forEach(r -> revoked.add(r.getSerialNumber()));
                    }
                }
            }
        }
        return new TrustStore(anchors, cas, revoked);
    }

    private static boolean signedByOneOf(X509CRL crl, Set<X509Certificate> cas) {
        for (X509Certificate ca : cas) {
            try {
                crl.verify(ca.getPublicKey());
                return true;
            } catch (GeneralSecurityException notThisOne) {
                // try the next authority
            }
        }
        return false;
    }
}
