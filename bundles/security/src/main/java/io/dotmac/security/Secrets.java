package io.dotmac.security;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Secrets at rest (SMTP passwords, SNMP credentials): AES-256-GCM with a key kept in a file under {@code etc/}, one
 * file per purpose so that a leaked key opens only what it sealed.
 */
@ProviderType
public interface Secrets {

    /**
     * The sealer whose key is {@code etc/<keyFile>}; the file is created owner-only with 32 random bytes the first
     * time it is needed.
     *
     * @throws IllegalArgumentException when {@code keyFile} is not a plain file name
     * @throws IllegalStateException    when the file exists but holds no valid key
     */
    Sealer sealer(String keyFile);

    /** Seals and opens text with one key. */
    @ProviderType
    interface Sealer {

        /** {@code base64(iv || ciphertext || tag)}, with a fresh random 12-byte IV each time. */
        String seal(String plain);

        /** @throws IllegalStateException when {@code sealed} was not sealed with this key, or was changed */
        String open(String sealed);
    }
}
