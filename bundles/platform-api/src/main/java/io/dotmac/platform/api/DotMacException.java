package io.dotmac.platform.api;

/**
 * Base of the domain exceptions. The REST layer turns each subclass into an RFC 9457 problem with a fixed
 * status; its message becomes the problem's {@code detail}, so it must be fit for a client to read.
 */
public abstract class DotMacException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected DotMacException(String message) {
        super(message);
    }

    protected DotMacException(String message, Throwable cause) {
        super(message, cause);
    }
}
