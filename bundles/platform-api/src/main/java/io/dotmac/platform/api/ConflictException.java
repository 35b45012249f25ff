package io.dotmac.platform.api;

/** The request conflicts with the current state (duplicate key, illegal transition): HTTP 409. */
public class ConflictException extends DotMacException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }
}
