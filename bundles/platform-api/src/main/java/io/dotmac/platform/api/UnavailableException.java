package io.dotmac.platform.api;

/** Something the request needs is down for now (typically the database): HTTP 503, worth retrying later. */
public class UnavailableException extends DotMacException {
    private static final long serialVersionUID = 1L;

    public UnavailableException(String message) {
        super(message);
    }
}
