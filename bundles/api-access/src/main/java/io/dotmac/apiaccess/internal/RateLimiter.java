package io.dotmac.apiaccess.internal;

/**
 * Counts the requests of a key per window. Behind an interface because a limit must later hold across nodes
 * (one counter for the key, wherever its requests land); {@link WindowRateLimiter} is this node's own.
 */
interface RateLimiter {

    /** One request of {@code key} under {@code limit} per window: whether it may go on, and the window's state. */
    Take take(String key, long limit);

    /** How long a window lasts, in seconds. */
    long windowSeconds();

    /**
     * The result of one request.
     *
     * @param allowed      whether it is within the limit
     * @param remaining    requests left in this window after it
     * @param resetSeconds until the window ends (at least 1)
     */
    record Take(boolean allowed, long remaining, long resetSeconds) {
    }
}
