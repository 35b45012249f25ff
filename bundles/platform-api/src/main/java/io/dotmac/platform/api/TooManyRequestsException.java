package io.dotmac.platform.api;

/**
 * The caller sent too many requests of a kind (failed logins, an API key over its rate): HTTP 429 with
 * {@code Retry-After}, in seconds, saying when to try again.
 */
public class TooManyRequestsException extends DotMacException {
    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    public TooManyRequestsException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** Seconds until a retry may succeed (at least 1). */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
