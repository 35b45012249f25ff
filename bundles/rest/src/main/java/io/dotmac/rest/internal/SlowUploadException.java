package io.dotmac.rest.internal;

import javax.ws.rs.WebApplicationException;

/** A request body sent slower than the configured minimum rate: 408, and the connection's thread is free again. */
final class SlowUploadException extends WebApplicationException {
    private static final long serialVersionUID = 1L;

    SlowUploadException(long minBytesPerSecond) {
        super("The request body arrived slower than " + minBytesPerSecond + " bytes per second", 408);
    }
}
