package io.dotmac.customers;

import java.time.Instant;

/** A customer as stored. */
public record Customer(String id, String name, String email, String phone, String serviceAddress,
        CustomerStatus status, Instant createdAt) {
}
