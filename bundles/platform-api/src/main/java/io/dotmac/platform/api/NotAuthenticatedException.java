package io.dotmac.platform.api;

/** The request carries no valid credentials (missing, malformed, wrongly signed or expired token): HTTP 401. */
public class NotAuthenticatedException extends DotMacException {
    private static final long serialVersionUID = 1L;

    public NotAuthenticatedException(String message) {
        super(message);
    }
}
