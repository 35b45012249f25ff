package io.dotmac.rest.internal;

import javax.ws.rs.WebApplicationException;

/** A request body longer than the configured maximum: 413, before or while it is read. */
final class BodyTooLargeException extends WebApplicationException {
    private static final long serialVersionUID = 1L;

    private final long maxBytes;

    BodyTooLargeException(long maxBytes) {
        super("The request body is larger than " + maxBytes + " bytes", 413);
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }
}
