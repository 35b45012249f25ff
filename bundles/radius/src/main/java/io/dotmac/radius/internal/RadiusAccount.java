package io.dotmac.radius.internal;

import java.time.Instant;

/**
 * A subscription's network credentials. {@code login} is the User-Name a NAS sends: {@code username@<tenant slug>}
 * for PPPoE, the MAC address for a MAC binding. {@code status} and the rates follow the subscription and its plan.
 */
public record RadiusAccount(String id, String subscriptionId, String customerId, String kind, String username,
        String login, String password, Integer vlan, String status, String planId, int downloadMbps, int uploadMbps,
        Instant createdAt) {

    /** What {@code POST /radius/accounts} takes; {@code password} is generated when absent. */
    public record Input(String subscriptionId, String kind, String username, String password, String macAddress,
            Integer vlan) {
    }

    /** What {@code PATCH /radius/accounts/{id}} changes: a new password, a VLAN (0 removes it). */
    public record Changes(String password, Integer vlan) {
    }
}
