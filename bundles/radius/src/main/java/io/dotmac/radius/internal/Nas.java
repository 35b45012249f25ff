package io.dotmac.radius.internal;

import java.time.Instant;

/**
 * A tenant's NAS: a FreeRADIUS client (by {@code address}) and where CoA/Disconnect requests go ({@code coaPort}).
 * The shared secret is write-only: it is never shown again.
 */
public record Nas(String id, String name, String address, String type, int coaPort, Instant createdAt) {

    /** What {@code POST /radius/nas} takes; {@code type} defaults to {@code other}, {@code coaPort} to 3799. */
    public record Input(String name, String address, String secret, String type, Integer coaPort) {
    }
}
