package io.dotmac.radius.internal;

/**
 * A tenant's RADIUS settings: what a SUSPENDED subscriber gets, {@code REJECT} (Access-Reject) or
 * {@code WALLED_GARDEN} (Access-Accept into {@code walledGardenPool}, a Framed-Pool the NAS knows).
 */
public record RadiusSettings(String suspendedAction, String walledGardenPool) {
}
