package io.dotmac.licensing.internal;

import io.dotmac.platform.api.UnavailableException;

/**
 * The one answer of this bundle's REST members and filters while licensing itself is down (it needs the database,
 * they do not): 503, retry later.
 */
final class Available {

    static final String LICENSING_DOWN = "Licensing is unavailable while the database is down; retry later";

    private Available() {
    }

    /** {@code service}, or 503 when licensing (or what it needs) is not there. */
    static <T> T licensing(T service) {
        if (service == null) {
            throw new UnavailableException(LICENSING_DOWN);
        }
        return service;
    }
}
